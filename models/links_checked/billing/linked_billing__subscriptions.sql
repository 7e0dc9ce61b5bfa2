with

checked as (
    select * from {{ ref('checked_billing__subscriptions') }}
),

final as (
    select
        subscription_id,
        customer_id,
        started_at,
        ended_at
    from checked
    where rejection_reason is null
)

select * from final
