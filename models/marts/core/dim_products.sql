with

products as (
    select * from {{ ref('stg_crm__products') }}
),

final as (
    select
        product_id,
        product_name,
        product_family,
        tier_rank
    from products
)

select * from final
