-- The mean call score on the scorecard is made from kpi_call_quality's score total and scored
-- calls (latest score per call only).
-- Compared for every user known to dim_reps and every month of the report, both ways (a
-- figure missing on either side fails).
with

scorecard as (
    select * from {{ ref('rep_scorecard') }}
),

mart as (
    select * from {{ ref('kpi_call_quality') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

mart_by_user as (
    select
        mart.call_month as month,
        mart.user_id,
        sum(mart.calls_scored) as calls_scored,
        sum(mart.score_total) as score_total
    from mart
    inner join reps
        on mart.user_id = reps.user_id
    inner join months
        on mart.call_month = months.month_start
    group by
        mart.call_month,
        mart.user_id
)

select
    coalesce(scorecard.month, mart_by_user.month) as month,
    coalesce(scorecard.user_id, mart_by_user.user_id) as user_id,
    scorecard.calls_scored as scorecard_calls_scored,
    mart_by_user.calls_scored as mart_calls_scored,
    scorecard.score_total as scorecard_score_total,
    mart_by_user.score_total as mart_score_total
from scorecard
full outer join mart_by_user
    on scorecard.month = mart_by_user.month
    and scorecard.user_id = mart_by_user.user_id
where coalesce(scorecard.calls_scored, 0) != coalesce(mart_by_user.calls_scored, 0)
    or abs(coalesce(scorecard.score_total, 0) - coalesce(mart_by_user.score_total, 0)) > 0.005
