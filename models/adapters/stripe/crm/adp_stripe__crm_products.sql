{#- Stripe products -> crm__products, used when the CRM adapter gives no products (Salesforce
    without product_2). The family is the column named by the setting stripe_family_field
    (default metadata_family); a product without one is a family of its own (its name). Stripe
    has no tier rank: every product is tier 1 (tier_rank feeds no KPI). -#}
with

products as (
    select * from {{ ref('base_stripe__product') }}
),

final as (
    select
        id as product_id,
        name as product_name,
        coalesce({{ nullif_blank('family') }}, name) as product_family,
        '1' as tier_rank,
        _row_number
    from products
)

select * from final
