{#- MetricFlow's time spine: one row per day of the data's calendar (int_calendar_days), so it
    starts at the first day in the data and ends at as_of_date, never at a hard-coded date. -#}
with

days as (
    select * from {{ ref('int_calendar_days') }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
