-- Revenue cohorts start where kpi_mrr says customers are new: a cohort's size is the month's
-- customers_new; in the cohort month every customer is active and MRR now equals MRR at start;
-- no cohort has more active customers than it started with; and each cohort's MRR at start,
-- summed over cohorts, is kpi_mrr's new_mrr of the month at the month's own rates (the cohort
-- month's rates are the month's).
with

cohorts as (
    select * from {{ ref('kpi_revenue_cohorts') }}
),

mrr as (
    select * from {{ ref('kpi_mrr') }}
)

select
    cohorts.cohort_month,
    cohorts.months_since_start
from cohorts
left join mrr
    on cohorts.cohort_month = mrr.month
where
    cohorts.customers_active > cohorts.customers_at_start
    or cohorts.customers_active < 0
    or (
        cohorts.months_since_start = 0
        and (
            cohorts.customers_active != cohorts.customers_at_start
            or abs(cohorts.mrr_now - cohorts.mrr_at_start) > 0.005
            or cohorts.customers_at_start != mrr.customers_new
            or abs(cohorts.mrr_at_start - mrr.new_mrr) > 0.005
            or mrr.month is null
        )
    )
