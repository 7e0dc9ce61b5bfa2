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
            enumeration_rule('billing', 'invoices', 'status'),
            range_rule('billing', 'invoices', 'amount'),
            ('period_end < period_start', 'period_end before period_start'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('billing', 'invoices'), 'issued_at') }} as key_rank
    from row_checked
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(contract_key('billing', 'invoices')) }} as record_key,
        key_ranked.invoice_id,
        key_ranked.customer_id,
        key_ranked.subscription_id,
        key_ranked.issued_at,
        key_ranked.period_start,
        key_ranked.period_end,
        key_ranked.amount,
        key_ranked.currency,
        key_ranked.status,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason
    from key_ranked
)

select * from final
