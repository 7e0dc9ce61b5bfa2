{#- One row per lead created by the end of as_of_date, with its validity and its conversion
    (the first won deal): the lead-level facts kpi_conversion_rate sums, and the events the
    semantic layer's lead-to-won conversion metric joins (lead created -> converted). -#}
with

lead_outcomes as (
    select * from {{ ref('int_lead_outcomes') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

leads_to_date as (
    select lead_outcomes.*
    from lead_outcomes
    cross join period
    where lead_outcomes.created_date <= period.as_of_date
),

final as (
    select
        cast(lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(coalesce(owner_id, 'unassigned') as {{ dbt.type_string() }}) as owner_id,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(source as {{ dbt.type_string() }}) as source,
        cast(cohort_month as date) as cohort_month,
        cast(created_date as date) as created_date,
        is_valid,
        cast(exclusion_reason as {{ dbt.type_string() }}) as exclusion_reason,
        is_converted,
        cast(converted_date as date) as converted_date,
        cast(days_to_convert as {{ dbt.type_bigint() }}) as days_to_convert,
        is_converted_in_window
    from leads_to_date
)

select * from final
