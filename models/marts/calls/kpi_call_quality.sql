{#- Incremental (DuckDB, Postgres): a run rebuilds every day that has a call started or
    scored in the lookback window, whole days (delete+insert on call_date); last_started_at
    and last_scored_at are the watermarks (models/docs/incremental.md). -#}
{{ config(
    materialized=fact_materialization(),
    unique_key='call_date',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
with

calls as (
    select * from {{ ref('int_calls_enriched') }}
),

days_in_scope as (
    select distinct call_date from calls
    {%- if is_incremental() %}
    where
        {{ in_lookback_window('started_at', 'last_started_at') }}
        or {{ in_lookback_window('scored_at', 'last_scored_at') }}
    {%- endif %}
),

calls_keyed as (
    {#- A call not routed to a known rep is grouped under 'unassigned', as leads and customers
        without an owner are in the other marts, so the key is never null. -#}
    select
        calls.*,
        coalesce(calls.user_id, 'unassigned') as rep_id
    from calls
    inner join days_in_scope
        on calls.call_date = days_in_scope.call_date
),

aggregated as (
    select
        call_date,
        rep_id as user_id,
        direction,
        count(*) as calls,
        sum(case when is_answered then 1 else 0 end) as calls_answered,
        sum(case when is_connected then 1 else 0 end) as calls_connected,
        sum(case when is_missed then 1 else 0 end) as calls_missed,
        sum(case when is_answered then talk_seconds else 0 end) as talk_seconds_total,
        sum(case when has_wait then wait_seconds else 0 end) as wait_seconds_total,
        sum(case when has_wait then 1 else 0 end) as calls_with_wait,
        sum(case when is_scored then 1 else 0 end) as calls_scored,
        sum(case when is_scored then overall_score else 0 end) as score_total,
        sum(case when is_good_call then 1 else 0 end) as calls_good,
        sum(case when is_next_step_agreed then 1 else 0 end) as calls_next_step_agreed,
        max(started_at) as last_started_at,
        max(scored_at) as last_scored_at
    from calls_keyed
    group by
        call_date,
        rep_id,
        direction
),

final as (
    select
        call_date,
        user_id,
        direction,
        cast(calls as {{ dbt.type_bigint() }}) as calls,
        cast(calls_answered as {{ dbt.type_bigint() }}) as calls_answered,
        cast(calls_connected as {{ dbt.type_bigint() }}) as calls_connected,
        cast(calls_missed as {{ dbt.type_bigint() }}) as calls_missed,
        cast(talk_seconds_total as {{ dbt.type_bigint() }}) as talk_seconds_total,
        cast(wait_seconds_total as {{ dbt.type_bigint() }}) as wait_seconds_total,
        cast(calls_with_wait as {{ dbt.type_bigint() }}) as calls_with_wait,
        cast(calls_scored as {{ dbt.type_bigint() }}) as calls_scored,
        cast(score_total as {{ type_double() }}) as score_total,
        cast(calls_good as {{ dbt.type_bigint() }}) as calls_good,
        cast(calls_next_step_agreed as {{ dbt.type_bigint() }}) as calls_next_step_agreed,
        {{ safe_divide('calls_answered', 'calls') }} as answer_rate,
        {{ safe_divide('calls_connected', 'calls') }} as connect_rate,
        {{ safe_divide('talk_seconds_total', 'calls_answered') }} as talk_seconds_mean,
        {{ safe_divide('wait_seconds_total', 'calls_with_wait') }} as wait_seconds_mean,
        {{ safe_divide('score_total', 'calls_scored') }} as score_mean,
        {{ safe_divide('calls_good', 'calls_scored') }} as good_call_rate,
        {{ safe_divide('calls_next_step_agreed', 'calls_scored') }} as next_step_rate,
        {{ month_of('call_date') }} as call_month,
        last_started_at,
        last_scored_at
    from aggregated
)

select * from final
