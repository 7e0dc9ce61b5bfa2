{#- Revenue cohorts: for each cohort of customers (first month with MRR) and each month since,
    how many are still paying and how their MRR compares with the start, in the cohort
    month's currency rates. -#}
with

item_months as (
    select * from {{ ref('int_subscription_items_monthly') }}
),

months as (
    select * from {{ ref('int_mrr_months') }}
),

customer_currency_months as (
    select
        customer_id,
        month_start,
        currency,
        sum(item_mrr_local) as mrr_local
    from item_months
    group by
        customer_id,
        month_start,
        currency
),

{# A customer is active in a month with MRR (in any currency) above 0. -#}
customer_active_months as (
    select
        customer_id,
        month_start
    from customer_currency_months
    group by
        customer_id,
        month_start
    having sum(mrr_local) > 0
),

cohorts as (
    select
        customer_id,
        min(month_start) as cohort_month
    from customer_active_months
    group by customer_id
),

cohort_dates as (
    select
        cohorts.customer_id,
        cohorts.cohort_month,
        months.snapshot_date as cohort_rate_date
    from cohorts
    inner join months
        on cohorts.cohort_month = months.month_start
),

{# Every customer's MRR of every month, in its currencies, at its cohort month's rates. -#}
customer_months_constant as (
    select
        cohort_dates.cohort_month,
        customer_currency_months.customer_id,
        customer_currency_months.month_start,
        sum({{ to_reporting('customer_currency_months.mrr_local', 'cohort_fx') }}) as mrr_constant
    from customer_currency_months
    inner join cohort_dates
        on customer_currency_months.customer_id = cohort_dates.customer_id
    {{ fx_join('cohort_fx', 'customer_currency_months.currency', 'cohort_dates.cohort_rate_date') }}
    group by
        cohort_dates.cohort_month,
        customer_currency_months.customer_id,
        customer_currency_months.month_start
),

cohort_sizes as (
    select
        cohort_month,
        count(*) as customers_at_start,
        sum(mrr_constant) as mrr_at_start
    from customer_months_constant
    where month_start = cohort_month
    group by cohort_month
),

{# Each cohort runs from its month to the month of as_of_date, every month listed. -#}
cohort_grid as (
    select
        cohort_sizes.cohort_month,
        months.month_start,
        {{ dbt.datediff('cohort_sizes.cohort_month', 'months.month_start', 'month') }} as months_since_start,  -- noqa: LT05
        cohort_sizes.customers_at_start,
        cohort_sizes.mrr_at_start
    from cohort_sizes
    inner join months
        on cohort_sizes.cohort_month <= months.month_start
),

cohort_activity as (
    select
        customer_months_constant.cohort_month,
        customer_months_constant.month_start,
        sum(case when customer_active_months.customer_id is not null then 1 else 0 end) as customers_active,
        sum(customer_months_constant.mrr_constant) as mrr_now
    from customer_months_constant
    left join customer_active_months
        on customer_months_constant.customer_id = customer_active_months.customer_id
        and customer_months_constant.month_start = customer_active_months.month_start
    group by
        customer_months_constant.cohort_month,
        customer_months_constant.month_start
),

final as (
    select
        cast(cohort_grid.cohort_month as date) as cohort_month,
        cast(cohort_grid.months_since_start as {{ dbt.type_bigint() }}) as months_since_start,
        cast(cohort_grid.month_start as date) as month,
        cast(cohort_grid.customers_at_start as {{ dbt.type_bigint() }}) as customers_at_start,
        cast(coalesce(cohort_activity.customers_active, 0) as {{ dbt.type_bigint() }}) as customers_active,
        cast(cohort_grid.mrr_at_start as {{ type_double() }}) as mrr_at_start,
        cast(coalesce(cohort_activity.mrr_now, 0) as {{ type_double() }}) as mrr_now,
        {{ safe_divide('coalesce(cohort_activity.customers_active, 0)', 'cohort_grid.customers_at_start') }} as logo_retention,  -- noqa: LT05
        {{ safe_divide('coalesce(cohort_activity.mrr_now, 0)', 'cohort_grid.mrr_at_start') }} as net_revenue_retention
    from cohort_grid
    left join cohort_activity
        on cohort_grid.cohort_month = cohort_activity.cohort_month
        and cohort_grid.month_start = cohort_activity.month_start
)

select * from final
