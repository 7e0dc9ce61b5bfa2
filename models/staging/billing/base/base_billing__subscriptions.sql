with

source as (
    select * from {{ raw_relation('billing', 'subscriptions') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('billing', 'subscriptions') }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('billing', 'subscriptions') + [
            ('ended_at < started_at', 'ended before started'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('billing', 'subscriptions'), 'started_at') }} as key_rank
    from row_checked
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(contract_key('billing', 'subscriptions')) }} as record_key,
        key_ranked.subscription_id,
        key_ranked.customer_id,
        key_ranked.started_at,
        key_ranked.ended_at,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason
    from key_ranked
)

select * from final
