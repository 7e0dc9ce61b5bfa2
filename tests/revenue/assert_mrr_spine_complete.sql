-- The MRR months run without gaps from the first month with any subscription to the month of
-- as_of_date (read from the data, never a hard-coded start, never the clock), and every
-- customer active in a month before the as-of month has a row the month after, so a churn can
-- always show. An as_of_date before the first subscription month expects no month at all.
-- Returns what is missing.
with

subscriptions as (
    select * from {{ ref('linked_billing__subscriptions') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

mrr as (
    select * from {{ ref('kpi_mrr') }}
),

customer_months as (
    select * from {{ ref('int_customer_mrr_monthly') }}
),

expected as (
    select
        min({{ local_month('subscriptions.started_at') }}) as first_month,
        max(period.as_of_month) as last_month
    from subscriptions
    cross join period
),

expected_months as (
    select
        first_month,
        last_month,
        case
            when last_month < first_month then 0
            else 1 + {{ dbt.datediff('first_month', 'last_month', 'month') }}
        end as months
    from expected
),

actual as (
    select
        min(month) as first_month,
        max(month) as last_month,
        count(*) as months
    from mrr
),

spine_problems as (
    select
        'month spine' as problem,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        actual.first_month as month_start
    from actual
    cross join expected_months as expected
    where
        actual.months != expected.months
        or (
            expected.months > 0
            and (
                actual.first_month != expected.first_month
                or actual.last_month != expected.last_month
            )
        )
),

missing_next_month as (
    select
        'no row the month after an active month' as problem,
        this_month.customer_id,
        this_month.month_start
    from customer_months as this_month
    cross join period
    left join customer_months as next_month
        on
        this_month.customer_id = next_month.customer_id
        and next_month.month_start = cast({{ dbt.dateadd('month', 1, 'this_month.month_start') }} as date)
    where
        this_month.is_active
        and this_month.month_start < period.as_of_month
        and next_month.customer_id is null
)

select * from spine_problems
union all
select * from missing_next_month
