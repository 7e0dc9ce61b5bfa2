-- Quota attainment is the won amount (as in kpi_sales_cycle) over the month's quota: the quota
-- of every row listed, and of every rep employed in the month (who always has a row), is on the
-- scorecard (a quota alone does not list a row), and attainment is null (never 0) when there is
-- no quota.
with

scorecard as (
    select * from {{ ref('rep_scorecard') }}
),

quotas as (
    select * from {{ ref('int_rep_quotas_monthly') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

rep_months as (
    select * from {{ ref('int_rep_months') }}
),

known_quotas as (
    select
        quotas.user_id,
        quotas.month_start as month,
        quotas.quota_amount
    from quotas
    inner join reps
        on quotas.user_id = reps.user_id
    left join rep_months
        on quotas.user_id = rep_months.user_id
        and quotas.month_start = rep_months.month_start
    left join scorecard as listed
        on quotas.user_id = listed.user_id
        and quotas.month_start = listed.month
    where rep_months.user_id is not null or listed.user_id is not null
)

select
    coalesce(scorecard.month, known_quotas.month) as month,
    coalesce(scorecard.user_id, known_quotas.user_id) as user_id,
    scorecard.won_amount,
    scorecard.quota_amount as scorecard_quota_amount,
    known_quotas.quota_amount,
    scorecard.quota_attainment
from scorecard
full outer join known_quotas
    on scorecard.month = known_quotas.month
    and scorecard.user_id = known_quotas.user_id
where (known_quotas.quota_amount is null and scorecard.quota_amount is not null)
    or (known_quotas.quota_amount is not null and scorecard.quota_amount is null)
    or abs(scorecard.quota_amount - known_quotas.quota_amount) > 0.005
    or (scorecard.quota_amount is null and scorecard.quota_attainment is not null)
    or (scorecard.quota_amount > 0 and scorecard.quota_attainment is null)
    or abs(scorecard.quota_attainment * scorecard.quota_amount - scorecard.won_amount) > 0.005
