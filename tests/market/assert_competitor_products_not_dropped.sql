-- Every competitor product observed on or before as_of_date, mapped or not, is listed in the
-- as-of month of fct_competitor_prices_monthly: unmapped products are listed, never dropped.
with

prices as (
    select * from {{ ref('linked_market__competitor_prices') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

listed as (
    select * from {{ ref('fct_competitor_prices_monthly') }}
),

observed as (
    select distinct
        prices.competitor,
        prices.competitor_product
    from prices
    cross join period
    where prices.observed_on <= period.as_of_date
),

listed_in_as_of_month as (
    select
        listed.competitor,
        listed.competitor_product
    from listed
    inner join period
        on listed.month = period.as_of_month
)

select
    observed.competitor,
    observed.competitor_product
from observed
left join listed_in_as_of_month
    on observed.competitor = listed_in_as_of_month.competitor
    and observed.competitor_product = listed_in_as_of_month.competitor_product
where listed_in_as_of_month.competitor is null
