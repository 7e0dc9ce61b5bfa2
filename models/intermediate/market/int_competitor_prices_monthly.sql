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
    select * from {{ ref('linked_market__competitor_prices') }}
),

observation_spans as (
    {#- Each observation holds until the next one of the same competitor product: a span, so a
        month picks the one span that covers its snapshot date (no months × observations fan-out). -#}
    select
        competitor,
        competitor_product,
        product_id,
        price,
        currency,
        billing_period_months,
        observed_on,
        lead(observed_on) over (
            partition by competitor, competitor_product
            order by observed_on
        ) as next_observed_on
    from prices
),

latest_observations as (
    select
        months.month_start,
        months.snapshot_date,
        observation_spans.competitor,
        observation_spans.competitor_product,
        observation_spans.product_id,
        observation_spans.price,
        observation_spans.currency,
        observation_spans.billing_period_months,
        observation_spans.observed_on
    from months
    inner join observation_spans
        on months.snapshot_date >= observation_spans.observed_on
        and (
            observation_spans.next_observed_on is null
            or months.snapshot_date < observation_spans.next_observed_on
        )
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
