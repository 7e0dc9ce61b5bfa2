{#- One row per call up to as_of_date: its day in the reporting time zone, its outcome flags
    (answered, connected, missed) and its latest quality score. Incremental (DuckDB, Postgres):
    a run rebuilds the calls started in the lookback window and the calls (re-)scored in it
    (models/docs/incremental.md). -#}
{%- set connected_min = setting('connected_call_min_seconds') -%}
{%- set good_threshold = setting('quality_score_threshold') -%}
{{ config(
    materialized=fact_materialization(),
    unique_key='call_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
with

calls as (
    select * from {{ ref('linked_telephony__calls') }}
),

scores as (
    select * from {{ ref('int_call_scores_latest') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

calls_in_scope as (
    select * from calls
    {%- if is_incremental() %}
    where
        {{ in_lookback_window('started_at') }}
        or call_id in (
            select call_id from scores
            where {{ in_lookback_window('scored_at') }}
        )
    {%- endif %}
),

calls_dated as (
    select
        calls.call_id,
        calls.user_id,
        calls.lead_id,
        calls.deal_id,
        calls.account_id,
        calls.direction,
        calls.status,
        calls.talk_seconds,
        calls.wait_seconds,
        calls.started_at,
        {{ local_date('calls.started_at') }} as call_date
    from calls_in_scope as calls
),

calls_in_period as (
    select calls_dated.*
    from calls_dated
    cross join period
    where calls_dated.call_date <= period.as_of_date
),

final as (
    select
        calls_in_period.call_id,
        calls_in_period.user_id,
        calls_in_period.lead_id,
        calls_in_period.deal_id,
        calls_in_period.account_id,
        calls_in_period.direction,
        calls_in_period.status,
        calls_in_period.talk_seconds,
        calls_in_period.wait_seconds,
        scores.overall_score,
        scores.script_adherence_score,
        scores.next_step_agreed,
        scores.sentiment,
        scores.model_version,
        coalesce(scores.times_scored, 0) as times_scored,
        calls_in_period.status = 'answered' as is_answered,
        calls_in_period.status = 'answered'
        and calls_in_period.talk_seconds >= {{ connected_min }} as is_connected,
        calls_in_period.direction = 'inbound'
        and calls_in_period.status != 'answered' as is_missed,
        calls_in_period.direction = 'inbound'
        and calls_in_period.status = 'answered'
        and calls_in_period.wait_seconds is not null as has_wait,
        scores.call_id is not null as is_scored,
        coalesce(scores.overall_score >= {{ good_threshold }}, false) as is_good_call,
        coalesce(scores.next_step_agreed, false) as is_next_step_agreed,
        calls_in_period.call_date,
        {{ month_of('calls_in_period.call_date') }} as call_month,
        calls_in_period.started_at,
        scores.scored_at
    from calls_in_period
    left join scores
        on calls_in_period.call_id = scores.call_id
)

select * from final
