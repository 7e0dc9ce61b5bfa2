{#- One row per scored call: its latest score (a call may be re-scored; only the latest counts). -#}
with

scores as (
    select * from {{ ref('linked_telephony__call_scores') }}
),

ranked as (
    select
        call_id,
        scored_at,
        model_version,
        overall_score,
        script_adherence_score,
        next_step_agreed,
        sentiment,
        row_number() over (
            partition by call_id
            order by scored_at desc
        ) as score_recency,
        count(*) over (partition by call_id) as times_scored
    from scores
),

final as (
    select
        call_id,
        cast(overall_score as {{ type_double() }}) as overall_score,
        cast(script_adherence_score as {{ type_double() }}) as script_adherence_score,
        next_step_agreed,
        sentiment,
        model_version,
        times_scored,
        scored_at
    from ranked
    where score_recency = 1
)

select * from final
