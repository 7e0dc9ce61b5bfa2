with

base as (
    select * from {{ ref('base_billing__subscription_items') }}
),

final as (
    select
        _row_number,
        record_key,
        subscription_item_id,
        subscription_id,
        plan_id,
        quantity,
        unit_price,
        discount_percent,
        valid_from,
        valid_to
    from base
    where rejection_reason is null
)

select * from final
