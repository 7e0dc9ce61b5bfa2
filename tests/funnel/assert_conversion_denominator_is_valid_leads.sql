-- The denominator is exactly the valid leads of the cohort, recounted here straight from staging:
-- not deleted, and not disqualified for one of the invalid_lead_reasons.
{%- set invalid_list = sql_string_list(setting('invalid_lead_reasons')) %}
with

period as (
    select * from {{ ref('int_report_period') }}
),

staged as (
    select
        {{ local_month('created_at') }} as cohort_month,
        count(*) as leads_valid
    from {{ ref('linked_crm__leads') }}
    cross join period
    where
        not is_deleted
        and (
            disqualified_reason is null
            or disqualified_reason not in ({{ invalid_list }})
        )
        and {{ local_date('created_at') }} <= period.as_of_date
    group by {{ local_month('created_at') }}
),

mart as (
    select
        cohort_month,
        sum(leads_valid) as leads_valid
    from {{ ref('kpi_conversion_rate') }}
    group by cohort_month
)

select
    coalesce(staged.cohort_month, mart.cohort_month) as cohort_month,
    staged.leads_valid as staged_valid,
    mart.leads_valid as mart_valid
from staged
full outer join mart
    on staged.cohort_month = mart.cohort_month
where coalesce(staged.leads_valid, 0) != coalesce(mart.leads_valid, 0)
