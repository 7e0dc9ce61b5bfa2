-- Money in the marts is in the reporting currency: every day of the report must have a
-- rate for it (else conversions would be silently null). Fails naming the first day missing.
with

rates as (
    select * from {{ ref('int_fx_rates_daily') }}
),

period as (
    select * from {{ ref('int_report_period') }}
)

select
    rates.rate_date,
    rates.currency,
    {{ sql_string('no rate for reporting currency ' ~ setting('reporting_currency') ~ ' on or before this day') }}
        as problem
from rates
cross join period
where
    rates.rate_date >= period.data_start_date
    and rates.to_reporting_rate is null
