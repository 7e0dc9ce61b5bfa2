-- Movements have fixed signs: churn and contraction take MRR away (<= 0); new, expansion and
-- reactivation add it (>= 0); MRR itself is never negative. A wrong sign means a movement was
-- classified in the wrong bucket. Checked per customer and per month.
with

customer_months as (
    select * from {{ ref('int_customer_mrr_monthly') }}
),

mrr as (
    select * from {{ ref('kpi_mrr') }}
),

customer_violations as (
    select
        customer_id as record_id,
        month_start,
        'customer' as record_level
    from customer_months
    where
        churned_mrr > 0 or contraction_mrr > 0
        or new_mrr < 0 or expansion_mrr < 0 or reactivation_mrr < 0
        or mrr < 0 or previous_mrr < 0
),

month_violations as (
    select
        'all' as record_id,
        month as month_start,
        'month' as record_level
    from mrr
    where
        churned_mrr > 0 or contraction_mrr > 0
        or new_mrr < 0 or expansion_mrr < 0 or reactivation_mrr < 0
        or closing_mrr < 0 or opening_mrr < 0
        or new_mrr_inbound < 0 or new_mrr_outbound < 0 or new_mrr_unattributed < 0
)

select * from customer_violations
union all
select * from month_violations
