{#- One row per month × competitor product observed on or before the month's snapshot date:
    its latest observation carried forward, normalised to a monthly price per seat in the
    reporting currency at the month's rate, and whether it is stale. -#}
{%- set max_age_months = setting('competitor_price_max_age_months') -%}
{%- set price_monthly = 'cast(latest_observations.price as ' ~ type_double() ~ ') / latest_observations.billing_period_months' -%}
with

months as (
    select * from {{ ref('int_calendar_months') }}
),

prices as (
    select * from {{ ref('stg_market__competitor_prices') }}
),

observations_to_date as (
    select
        months.month_start,
        months.snapshot_date,
        prices.competitor,
        prices.competitor_product,
        prices.product_id,
        prices.price,
        prices.currency,
        prices.billing_period_months,
        prices.observed_on,
        row_number() over (
            partition by months.month_start, prices.competitor, prices.competitor_product
            order by prices.observed_on desc
        ) as recency
    from months
    inner join prices
        on months.snapshot_date >= prices.observed_on
),

latest_observations as (
    select * from observations_to_date
    where recency = 1
),

final as (
    select
        latest_observations.month_start,
        latest_observations.competitor,
        latest_observations.competitor_product,
        latest_observations.product_id,
        latest_observations.currency,
        latest_observations.billing_period_months,
        cast(latest_observations.price as {{ type_double() }}) as price,
        cast(latest_observations.price as {{ type_double() }})
        / latest_observations.billing_period_months as price_monthly,
        {{ to_reporting(price_monthly, 'fx') }} as price_monthly_reporting,
        {{ days_between('latest_observations.observed_on', 'latest_observations.snapshot_date') }} as age_days,  -- noqa: LT05
        latest_observations.product_id is not null as is_mapped,
        cast({{ dbt.dateadd('month', max_age_months, 'latest_observations.observed_on') }} as date)
        < latest_observations.snapshot_date as is_stale,
        latest_observations.observed_on,
        latest_observations.snapshot_date
    from latest_observations
    {{ fx_join('fx', 'latest_observations.currency', 'latest_observations.snapshot_date') }}
)

select * from final
