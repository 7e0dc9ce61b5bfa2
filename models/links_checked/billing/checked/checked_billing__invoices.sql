with

invoices as (
    select * from {{ ref('stg_billing__invoices') }}
),

customers as (
    select customer_id from {{ ref('linked_billing__customers') }}
),

subscriptions as (
    select subscription_id from {{ ref('linked_billing__subscriptions') }}
),

fx_coverage as (
    select * from {{ ref('base_billing__fx_coverage') }}
),

final as (
    select
        invoices._row_number,
        invoices.record_key,
        invoices.invoice_id,
        invoices.customer_id,
        {{ kept_link('invoices.subscription_id', 'subscriptions', 'subscription_id') }} as subscription_id,
        invoices.issued_at,
        invoices.period_start,
        invoices.period_end,
        invoices.amount,
        invoices.currency,
        invoices.status,
        coalesce(
            {{ orphan_reason('invoices.customer_id', 'customers', 'customer_id') }},
            {{ currency_reason('invoices.currency', 'cast(invoices.issued_at as date)') }}
        ) as rejection_reason,
        {{ dropped_link('invoices.subscription_id', 'subscriptions', 'subscription_id') }} as links_dropped
    from invoices
    left join customers
        on invoices.customer_id = customers.customer_id
    left join subscriptions
        on invoices.subscription_id = subscriptions.subscription_id
    left join fx_coverage
        on invoices.currency = fx_coverage.currency
)

select * from final
