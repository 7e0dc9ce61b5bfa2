{#- One row per month from the first month in the data to the month of as_of_date. -#}
with

days as (
    select * from {{ ref('int_calendar_days') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

months as (
    select distinct
        month_start,
        month_end
    from days
),

final as (
    select
        months.month_start,
        months.month_end,
        case
            when months.month_end > period.as_of_date then period.as_of_date
            else months.month_end
        end as snapshot_date,
        months.month_start = period.as_of_month as is_as_of_month,
        {{ dbt.datediff('period.data_start_month', 'months.month_start', 'month') }}
        + 1 as month_number
    from months
    cross join period
)

select * from final
