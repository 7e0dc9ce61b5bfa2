-- A customer is new once, in its first month with MRR; a reactivation only follows a churn.
-- A second "new" would inflate new MRR (and the inbound / outbound split the head of sales
-- reads), and a reactivation without a churn before it means the order of the movement tests
-- is wrong. Also checks each customer's own bridge closes (not only the monthly totals).
with

customer_months as (
    select * from {{ ref('int_customer_mrr_monthly') }}
),

counted as (
    select
        customer_id,
        sum(case when movement_type = 'new' then 1 else 0 end) as new_months,
        sum(case when movement_type = 'churn' then 1 else 0 end) as churn_months,
        sum(case when movement_type = 'reactivation' then 1 else 0 end) as reactivation_months,
        min(case when movement_type = 'churn' then month_start end) as first_churn_month,
        min(case when movement_type = 'reactivation' then month_start end) as first_reactivation_month
    from customer_months
    group by customer_id
),

movement_problems as (
    select
        customer_id,
        cast(null as date) as month_start,
        'new not exactly once, or reactivation without an earlier churn' as problem
    from counted
    where
        new_months != 1
        or reactivation_months > churn_months
        or first_reactivation_month < first_churn_month
        or (reactivation_months > 0 and first_churn_month is null)
),

bridge_problems as (
    select
        customer_id,
        month_start,
        'customer bridge does not close' as problem
    from customer_months
    where
        abs(
            previous_mrr + fx_effect + new_mrr + expansion_mrr + contraction_mrr
            + churned_mrr + reactivation_mrr - mrr
        ) > 0.005
)

select * from movement_problems
union all
select * from bridge_problems
