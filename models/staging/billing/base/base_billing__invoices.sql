with

source as (
    select * from {{ raw_relation('billing', 'invoices') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('billing', 'invoices', lower=['status'], upper=['currency']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('billing', 'invoices') + [
            ("status not in ('paid', 'open', 'void', 'refunded')", 'unknown status'),
            ('amount < 0', 'negative amount'),
            ('period_end < period_start', 'period_end before period_start'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(['invoice_id'], 'issued_at') }} as key_rank
    from row_checked
),

customers as (
    select customer_id from {{ ref('stg_billing__customers') }}
),

subscriptions as (
    select subscription_id from {{ ref('stg_billing__subscriptions') }}
),

fx_coverage as (
    select * from {{ ref('base_billing__fx_coverage') }}
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(['invoice_id']) }} as record_key,
        key_ranked.invoice_id,
        key_ranked.customer_id,
        {{ kept_link('key_ranked.subscription_id', 'subscriptions', 'subscription_id') }} as subscription_id,
        key_ranked.issued_at,
        key_ranked.period_start,
        key_ranked.period_end,
        key_ranked.amount,
        key_ranked.currency,
        key_ranked.status,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end,
            {{ orphan_reason('key_ranked.customer_id', 'customers', 'customer_id') }},
            {{ currency_reason('key_ranked.currency', 'cast(key_ranked.issued_at as date)') }}
        ) as rejection_reason,
        {{ dropped_link('key_ranked.subscription_id', 'subscriptions', 'subscription_id') }} as links_dropped
    from key_ranked
    left join customers
        on key_ranked.customer_id = customers.customer_id
    left join subscriptions
        on key_ranked.subscription_id = subscriptions.subscription_id
    left join fx_coverage
        on key_ranked.currency = fx_coverage.currency
)

select * from final
