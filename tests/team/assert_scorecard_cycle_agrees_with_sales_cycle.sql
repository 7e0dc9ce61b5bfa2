-- The mean sales cycle on the scorecard is made from kpi_sales_cycle's totals and counts of
-- won deals, per close month and owner.
-- Compared for every user known to dim_reps and every month of the report, both ways (a
-- figure missing on either side fails).
with

scorecard as (
    select * from {{ ref('rep_scorecard') }}
),

mart as (
    select * from {{ ref('kpi_sales_cycle') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

mart_by_user as (
    select
        mart.close_month as month,
        mart.owner_id as user_id,
        sum(mart.cycle_days_won_total) as cycle_days_won_total,
        sum(mart.cycle_days_won_count) as cycle_days_won_count
    from mart
    inner join reps
        on mart.owner_id = reps.user_id
    inner join months
        on mart.close_month = months.month_start
    group by
        mart.close_month,
        mart.owner_id
)

select
    coalesce(scorecard.month, mart_by_user.month) as month,
    coalesce(scorecard.user_id, mart_by_user.user_id) as user_id,
    scorecard.cycle_days_won_total as scorecard_cycle_days_won_total,
    mart_by_user.cycle_days_won_total as mart_cycle_days_won_total,
    scorecard.cycle_days_won_count as scorecard_cycle_days_won_count,
    mart_by_user.cycle_days_won_count as mart_cycle_days_won_count
from scorecard
full outer join mart_by_user
    on scorecard.month = mart_by_user.month
    and scorecard.user_id = mart_by_user.user_id
where coalesce(scorecard.cycle_days_won_total, 0) != coalesce(mart_by_user.cycle_days_won_total, 0)
    or coalesce(scorecard.cycle_days_won_count, 0) != coalesce(mart_by_user.cycle_days_won_count, 0)
