with

base as (
    select * from {{ ref('base_telephony__call_scores') }}
),

final as (
    select
        _row_number,
        record_key,
        call_id,
        scored_at,
        model_version,
        overall_score,
        script_adherence_score,
        next_step_agreed,
        sentiment
    from base
    where rejection_reason is null
)

select * from final
