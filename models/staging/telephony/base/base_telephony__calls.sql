with

source as (
    select * from {{ raw_relation('telephony', 'calls') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('telephony', 'calls', lower=['direction', 'status']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('telephony', 'calls') + [
            enumeration_rule('telephony', 'calls', 'direction'),
            enumeration_rule('telephony', 'calls', 'status'),
            range_rule('telephony', 'calls', 'wait_seconds'),
            range_rule('telephony', 'calls', 'talk_seconds'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('telephony', 'calls'), 'started_at') }} as key_rank
    from row_checked
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(contract_key('telephony', 'calls')) }} as record_key,
        key_ranked.call_id,
        key_ranked.started_at,
        key_ranked.direction,
        key_ranked.status,
        key_ranked.user_id,
        key_ranked.lead_id,
        key_ranked.deal_id,
        key_ranked.account_id,
        key_ranked.wait_seconds,
        key_ranked.talk_seconds,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason
    from key_ranked
)

select * from final
