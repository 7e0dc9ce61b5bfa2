-- Upsell and cross-sell deals won on the scorecard must be exactly kpi_upsell_cross_sell's, per
-- month and deal owner.
-- Compared for every user known to dim_reps and every month of the report, both ways (a
-- figure missing on either side fails).
with

scorecard as (
    select * from {{ ref('rep_scorecard') }}
),

mart as (
    select * from {{ ref('kpi_upsell_cross_sell') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

mart_by_user as (
    select
        mart.month,
        mart.owner_id as user_id,
        sum(mart.won_upsell_deals) as won_upsell_deals,
        sum(mart.won_upsell_amount) as won_upsell_amount,
        sum(mart.won_cross_sell_deals) as won_cross_sell_deals,
        sum(mart.won_cross_sell_amount) as won_cross_sell_amount
    from mart
    inner join reps
        on mart.owner_id = reps.user_id
    inner join months
        on mart.month = months.month_start
    group by
        mart.month,
        mart.owner_id
)

select
    coalesce(scorecard.month, mart_by_user.month) as month,
    coalesce(scorecard.user_id, mart_by_user.user_id) as user_id,
    scorecard.won_upsell_deals as scorecard_won_upsell_deals,
    mart_by_user.won_upsell_deals as mart_won_upsell_deals,
    scorecard.won_upsell_amount as scorecard_won_upsell_amount,
    mart_by_user.won_upsell_amount as mart_won_upsell_amount,
    scorecard.won_cross_sell_deals as scorecard_won_cross_sell_deals,
    mart_by_user.won_cross_sell_deals as mart_won_cross_sell_deals,
    scorecard.won_cross_sell_amount as scorecard_won_cross_sell_amount,
    mart_by_user.won_cross_sell_amount as mart_won_cross_sell_amount
from scorecard
full outer join mart_by_user
    on scorecard.month = mart_by_user.month
    and scorecard.user_id = mart_by_user.user_id
where coalesce(scorecard.won_upsell_deals, 0) != coalesce(mart_by_user.won_upsell_deals, 0)
    or abs(coalesce(scorecard.won_upsell_amount, 0) - coalesce(mart_by_user.won_upsell_amount, 0)) > 0.005
    or coalesce(scorecard.won_cross_sell_deals, 0) != coalesce(mart_by_user.won_cross_sell_deals, 0)
    or abs(coalesce(scorecard.won_cross_sell_amount, 0) - coalesce(mart_by_user.won_cross_sell_amount, 0)) > 0.005
