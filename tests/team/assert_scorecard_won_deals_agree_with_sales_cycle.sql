-- Deals won and lost and their amounts on the scorecard must be exactly kpi_sales_cycle's, per
-- close month and owner (to the cent): the leaderboard ranks on won_amount.
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
        sum(mart.deals_won) as deals_won,
        sum(mart.deals_lost) as deals_lost,
        sum(mart.won_amount) as won_amount,
        sum(mart.lost_amount) as lost_amount
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
    scorecard.deals_won as scorecard_deals_won,
    mart_by_user.deals_won as mart_deals_won,
    scorecard.deals_lost as scorecard_deals_lost,
    mart_by_user.deals_lost as mart_deals_lost,
    scorecard.won_amount as scorecard_won_amount,
    mart_by_user.won_amount as mart_won_amount,
    scorecard.lost_amount as scorecard_lost_amount,
    mart_by_user.lost_amount as mart_lost_amount
from scorecard
full outer join mart_by_user
    on scorecard.month = mart_by_user.month
    and scorecard.user_id = mart_by_user.user_id
where coalesce(scorecard.deals_won, 0) != coalesce(mart_by_user.deals_won, 0)
    or coalesce(scorecard.deals_lost, 0) != coalesce(mart_by_user.deals_lost, 0)
    or abs(coalesce(scorecard.won_amount, 0) - coalesce(mart_by_user.won_amount, 0)) > 0.005
    or abs(coalesce(scorecard.lost_amount, 0) - coalesce(mart_by_user.lost_amount, 0)) > 0.005
