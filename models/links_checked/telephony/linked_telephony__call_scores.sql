with

checked as (
    select * from {{ ref('checked_telephony__call_scores') }}
),

final as (
    select
        call_id,
        scored_at,
        model_version,
        overall_score,
        script_adherence_score,
        next_step_agreed,
        sentiment
    from checked
    where rejection_reason is null
)

select * from final
