with

source as (
    select * from {{ raw_relation('telephony', 'call_scores') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('telephony', 'call_scores', lower=['sentiment']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('telephony', 'call_scores') + [
            range_rule('telephony', 'call_scores', 'overall_score'),
            range_rule('telephony', 'call_scores', 'script_adherence_score'),
            enumeration_rule('telephony', 'call_scores', 'sentiment'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('telephony', 'call_scores')) }} as key_rank
    from row_checked
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(contract_key('telephony', 'call_scores')) }} as record_key,
        key_ranked.call_id,
        key_ranked.scored_at,
        key_ranked.model_version,
        key_ranked.overall_score,
        key_ranked.script_adherence_score,
        key_ranked.next_step_agreed,
        key_ranked.sentiment,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason
    from key_ranked
)

select * from final
