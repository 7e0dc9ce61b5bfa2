{#- HubSpot products (the product library) -> crm__products, used when the table `product` was
    landed (else Stripe's products when Stripe is the billing system). The family is
    property_hs_product_family; a product without one is a family of its own (its name).
    HubSpot has no tier rank: every product is tier 1 (tier_rank feeds no KPI). -#}
with

products as (
    select * from {{ ref('base_hubspot__product') }}
),

final as (
    select
        id as product_id,
        property_name as product_name,
        coalesce({{ nullif_blank('property_hs_product_family') }}, property_name) as product_family,
        '1' as tier_rank,
        _row_number
    from products
)

select * from final
