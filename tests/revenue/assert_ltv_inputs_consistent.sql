-- ARPA, churn rate and LTV are made from kpi_mrr's own sums: arpa × customers_active is
-- closing_mrr, churn rate × customers active at start is customers_churned, and the LTV is
-- null exactly when its 12-month mean churn is null or 0.
with

mrr as (
    select * from {{ ref('kpi_mrr') }}
)

select month
from mrr
where
    abs(coalesce(arpa * customers_active, 0) - case when customers_active > 0 then closing_mrr else 0 end) > 0.005
    or abs(
        coalesce(customer_churn_rate * customers_active_at_start, 0)
        - case when customers_active_at_start > 0 then customers_churned else 0 end
    ) > 0.000001
    or customer_churn_rate < 0
    or customer_churn_rate > 1
    or ((customer_churn_rate_mean_12m is null or customer_churn_rate_mean_12m = 0) and ltv_estimate is not null)
    or (customer_churn_rate_mean_12m > 0 and arpa is not null and ltv_estimate is null)
