with

call_scores as (
    select * from {{ ref('stg_telephony__call_scores') }}
),

calls as (
    select call_id from {{ ref('linked_telephony__calls') }}
),

final as (
    select
        call_scores._row_number,
        call_scores.record_key,
        call_scores.call_id,
        call_scores.scored_at,
        call_scores.model_version,
        call_scores.overall_score,
        call_scores.script_adherence_score,
        call_scores.next_step_agreed,
        call_scores.sentiment,
        coalesce(
            {{ orphan_reason('call_scores.call_id', 'calls', 'call_id') }}
        ) as rejection_reason,
        0 as links_dropped
    from call_scores
    left join calls
        on call_scores.call_id = calls.call_id
)

select * from final
