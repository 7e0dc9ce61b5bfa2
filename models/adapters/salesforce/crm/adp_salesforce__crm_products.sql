{#- Salesforce Product2 -> crm__products (used when product_2 was landed; else Stripe's
    products when Stripe is the billing system). Salesforce has no tier rank: every product is
    tier 1 (tier_rank is shown in dim_products and feeds no KPI). A product without a family
    is a family of its own (its name). -#}
with

products as (
    select * from {{ ref('base_salesforce__product_2') }}
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
