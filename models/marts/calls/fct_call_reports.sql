with

calls as (
    select * from {{ ref('int_calls_enriched') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

final as (
    select
        calls.call_id,
        calls.user_id,
        reps.manager_id,
        reps.team,
        calls.lead_id,
        calls.deal_id,
        calls.account_id,
        calls.direction,
        calls.status as outcome,
        calls.talk_seconds,
        calls.wait_seconds,
        calls.overall_score,
        calls.script_adherence_score,
        calls.next_step_agreed,
        calls.sentiment,
        calls.model_version,
        calls.times_scored,
        calls.is_answered,
        calls.is_connected,
        calls.is_missed,
        calls.is_scored,
        calls.is_good_call,
        calls.call_date,
        calls.call_month,
        calls.started_at,
        calls.scored_at
    from calls
    left join reps
        on calls.user_id = reps.user_id
)

select * from final
