with

base as (
    select * from {{ ref('base_crm__products') }}
),

final as (
    select
        product_id,
        product_name,
        product_family,
        tier_rank
    from base
    where rejection_reason is null
)

select * from final
