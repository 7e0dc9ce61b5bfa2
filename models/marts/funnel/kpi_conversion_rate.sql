{%- set window_days = setting('conversion_window_days') -%}
with

lead_outcomes as (
    select * from {{ ref('int_lead_outcomes') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

{# Leads created by the end of as_of_date; a lead with no owner is grouped as 'unassigned'. -#}
cohort_leads as (
    select
        lead_outcomes.*,
        coalesce(lead_outcomes.owner_id, 'unassigned') as cohort_owner_id
    from lead_outcomes
    cross join period
    where lead_outcomes.created_date <= period.as_of_date
),

aggregated as (
    select
        cohort_month,
        channel,
        source,
        cohort_owner_id as owner_id,
        count(*) as leads_total,
        sum(case when is_excluded then 1 else 0 end) as leads_excluded,
        sum(case when exclusion_reason = 'deleted' then 1 else 0 end) as leads_deleted,
        sum(case when exclusion_reason = 'invalid_reason' then 1 else 0 end) as leads_invalid_reason,
        sum(case when is_valid then 1 else 0 end) as leads_valid,
        sum(case when is_valid and is_converted then 1 else 0 end) as leads_converted_to_date,
        sum(case when is_valid and is_converted_in_window then 1 else 0 end) as leads_converted_in_window,
        sum(case when is_valid and is_converted then days_to_convert else 0 end) as days_to_convert_total
    from cohort_leads
    group by cohort_month, channel, source, cohort_owner_id
),

final as (
    select
        cast(aggregated.cohort_month as date) as cohort_month,
        cast(aggregated.channel as {{ dbt.type_string() }}) as channel,
        cast(aggregated.source as {{ dbt.type_string() }}) as source,
        cast(aggregated.owner_id as {{ dbt.type_string() }}) as owner_id,
        cast(aggregated.leads_total as {{ dbt.type_bigint() }}) as leads_total,
        cast(aggregated.leads_excluded as {{ dbt.type_bigint() }}) as leads_excluded,
        cast(aggregated.leads_deleted as {{ dbt.type_bigint() }}) as leads_deleted,
        cast(aggregated.leads_invalid_reason as {{ dbt.type_bigint() }}) as leads_invalid_reason,
        cast(aggregated.leads_valid as {{ dbt.type_bigint() }}) as leads_valid,
        cast(aggregated.leads_converted_to_date as {{ dbt.type_bigint() }}) as leads_converted_to_date,
        cast(aggregated.leads_converted_in_window as {{ dbt.type_bigint() }}) as leads_converted_in_window,
        cast(aggregated.days_to_convert_total as {{ dbt.type_bigint() }}) as days_to_convert_total,
        {{ safe_divide('aggregated.leads_converted_to_date', 'aggregated.leads_valid') }} as conversion_rate_to_date,
        {{ safe_divide('aggregated.leads_converted_in_window', 'aggregated.leads_valid') }}
            as conversion_rate_in_window,
        {{ safe_divide('aggregated.days_to_convert_total', 'aggregated.leads_converted_to_date') }}
            as days_to_convert_mean,
        {{ dbt.dateadd('day', window_days, month_end_of('aggregated.cohort_month')) }}
        <= period.as_of_date as is_cohort_mature
    from aggregated
    cross join period
)

select * from final
