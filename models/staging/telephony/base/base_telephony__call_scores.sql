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
            ('overall_score < 0 or overall_score > 100', 'score outside 0-100'),
            ('script_adherence_score < 0 or script_adherence_score > 100', 'score outside 0-100'),
            ("sentiment not in ('positive', 'neutral', 'negative')", 'unknown sentiment'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(['call_id', 'scored_at']) }} as key_rank
    from row_checked
),

calls as (
    select call_id from {{ ref('stg_telephony__calls') }}
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(['call_id', 'scored_at']) }} as record_key,
        key_ranked.call_id,
        key_ranked.scored_at,
        key_ranked.model_version,
        key_ranked.overall_score,
        key_ranked.script_adherence_score,
        key_ranked.next_step_agreed,
        key_ranked.sentiment,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end,
            {{ orphan_reason('key_ranked.call_id', 'calls', 'call_id') }}
        ) as rejection_reason,
        0 as links_dropped
    from key_ranked
    left join calls
        on key_ranked.call_id = calls.call_id
)

select * from final
