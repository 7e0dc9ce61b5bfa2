{#- One row per currency and day: the rate to the reporting currency, carrying the latest
    published rate forward (a conversion on a date uses the latest rate on or before it). -#}
{%- set reporting_currency = setting('reporting_currency') -%}
{#- A reporting currency without rates stops here, naming the setting (macros/money/fx.sql). -#}
{%- do check_reporting_currency_rates(reporting_currency, ref('stg_billing__fx_rates'), ref('int_report_period')) -%}
with

rates as (
    select * from {{ ref('stg_billing__fx_rates') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

currencies as (
    select distinct currency from rates
    union
    select 'USD' as currency
),

first_rate as (
    select min(rate_date) as first_rate_date
    from rates
),

bounds as (
    {#- From the first published rate (or the first day of the data, when that is earlier or
        there are no rates) to as_of_date. -#}
    select
        case
            when first_rate.first_rate_date < period.data_start_date then first_rate.first_rate_date
            else period.data_start_date
        end as first_day,
        period.as_of_date as last_day
    from period
    cross join first_rate
),

days as (
    {{ date_series('(select first_day from bounds)', '(select last_day from bounds)', 'rate_date') }}
),

grid as (
    select
        days.rate_date,
        currencies.currency
    from days
    cross join currencies
),

usd_per_unit_carried as (
    select
        grid.rate_date,
        grid.currency,
        case
            when grid.currency = 'USD' and usd_rates.last_rate_date is null then 1.0
            else published.usd_per_unit
        end as usd_per_unit,
        usd_rates.last_rate_date
    from grid
    left join (
        select
            grid_inner.rate_date,
            grid_inner.currency,
            max(rates.rate_date) as last_rate_date
        from grid as grid_inner
        inner join rates
            on grid_inner.currency = rates.currency
            and grid_inner.rate_date >= rates.rate_date
        group by grid_inner.rate_date, grid_inner.currency
    ) as usd_rates
        on grid.rate_date = usd_rates.rate_date
        and grid.currency = usd_rates.currency
    left join rates as published
        on usd_rates.currency = published.currency
        and usd_rates.last_rate_date = published.rate_date
),

reporting as (
    select
        rate_date,
        usd_per_unit as reporting_usd_per_unit
    from usd_per_unit_carried
    where currency = {{ sql_string(reporting_currency) }}
),

final as (
    select
        usd_per_unit_carried.rate_date,
        usd_per_unit_carried.currency,
        cast(usd_per_unit_carried.usd_per_unit as {{ type_double() }}) as usd_per_unit,
        cast(usd_per_unit_carried.usd_per_unit as {{ type_double() }})
        / nullif(reporting.reporting_usd_per_unit, 0) as to_reporting_rate
    from usd_per_unit_carried
    left join reporting
        on usd_per_unit_carried.rate_date = reporting.rate_date
    where usd_per_unit_carried.usd_per_unit is not null
)

select * from final
