with

checked as (
    select * from {{ ref('checked_billing__subscription_items') }}
),

final as (
    select
        subscription_item_id,
        subscription_id,
        plan_id,
        quantity,
        unit_price,
        discount_percent,
        valid_from,
        valid_to
    from checked
    where rejection_reason is null
)

select * from final
