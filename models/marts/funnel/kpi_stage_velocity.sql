with

spans as (
    select * from {{ ref('int_deal_stage_spans') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

{# Spans of open stages of undeleted deals entered by the end of as_of_date; a span that
    ends after as_of_date is still running at the report date. -#}
open_stage_spans as (
    select
        spans.stage,
        spans.stage_order,
        spans.owner_id,
        case
            when spans.exited_date is not null and spans.exited_date <= period.as_of_date
                then spans.days_in_stage
        end as days_in_stage
    from spans
    cross join period
    where
        not spans.is_deleted
        and not spans.is_closed_stage
        and spans.entered_date <= period.as_of_date
),

aggregated as (
    select
        stage,
        owner_id,
        max(stage_order) as stage_order,
        count(*) as stage_entries,
        sum(case when days_in_stage is null then 1 else 0 end) as stage_entries_running,
        count(days_in_stage) as stage_exits,
        coalesce(sum(days_in_stage), 0) as days_in_stage_total,
        {{ median('days_in_stage') }} as days_in_stage_median,
        {{ percentile_cont('days_in_stage', 0.9) }} as days_in_stage_p90
    from open_stage_spans
    group by stage, owner_id
),

final as (
    select
        cast(stage as {{ dbt.type_string() }}) as stage,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        cast(stage_order as {{ dbt.type_int() }}) as stage_order,
        cast(stage_entries as {{ dbt.type_bigint() }}) as stage_entries,
        cast(stage_entries_running as {{ dbt.type_bigint() }}) as stage_entries_running,
        cast(stage_exits as {{ dbt.type_bigint() }}) as stage_exits,
        cast(days_in_stage_total as {{ dbt.type_bigint() }}) as days_in_stage_total,
        {{ safe_divide('days_in_stage_total', 'stage_exits') }} as days_in_stage_mean,
        cast(days_in_stage_median as {{ type_double() }}) as days_in_stage_median,
        cast(days_in_stage_p90 as {{ type_double() }}) as days_in_stage_p90
    from aggregated
)

select * from final
