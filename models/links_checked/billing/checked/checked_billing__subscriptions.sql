with

subscriptions as (
    select * from {{ ref('stg_billing__subscriptions') }}
),

customers as (
    select customer_id from {{ ref('linked_billing__customers') }}
),

final as (
    select
        subscriptions._row_number,
        subscriptions.record_key,
        subscriptions.subscription_id,
        subscriptions.customer_id,
        subscriptions.started_at,
        subscriptions.ended_at,
        coalesce(
            {{ orphan_reason('subscriptions.customer_id', 'customers', 'customer_id') }}
        ) as rejection_reason,
        0 as links_dropped
    from subscriptions
    left join customers
        on subscriptions.customer_id = customers.customer_id
)

select * from final
