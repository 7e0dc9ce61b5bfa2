{#- One row per scored call: its latest score (a call may be re-scored; only the latest counts).
    Incremental (DuckDB, Postgres): a run re-ranks every score of each call scored in the
    lookback window (models/docs/incremental.md). -#}
{{ config(
    materialized=fact_materialization(),
    unique_key='call_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
with

scores as (
    select * from {{ ref('linked_telephony__call_scores') }}
),

scores_in_scope as (
    select * from scores
    {%- if is_incremental() %}
    where call_id in (
        select call_id from scores
        where {{ in_lookback_window('scored_at') }}
    )
    {%- endif %}
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
    from scores_in_scope
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
