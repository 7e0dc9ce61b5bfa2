with

base as (
    select * from {{ ref('base_billing__subscriptions') }}
),

final as (
    select
        _row_number,
        record_key,
        subscription_id,
        customer_id,
        started_at,
        ended_at
    from base
    where rejection_reason is null
)

select * from final
