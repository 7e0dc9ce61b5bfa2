{#- One row per day from the first day in the data to as_of_date. -#}
{#- An as_of_date outside the data builds (empty or sparse marts) with a NOTE saying why. -#}
{%- do note_report_period(ref('int_report_period')) -%}
with

period as (
    select * from {{ ref('int_report_period') }}
),

days as (
    {{ date_series('(select data_start_date from period)', '(select as_of_date from period)') }}
),

final as (
    select
        days.date_day,
        {{ month_of('days.date_day') }} as month_start,
        {{ month_end_of('days.date_day') }} as month_end,
        days.date_day = {{ month_end_of('days.date_day') }} as is_month_end,
        days.date_day = period.as_of_date as is_as_of_date
    from days
    cross join period
)

select * from final
