-- Calls, answered and connected calls on the scorecard must be exactly kpi_call_quality's,
-- summed over the days and directions of the month.
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
        sum(mart.calls) as calls,
        sum(mart.calls_answered) as calls_answered,
        sum(mart.calls_connected) as calls_connected
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
    scorecard.calls as scorecard_calls,
    mart_by_user.calls as mart_calls,
    scorecard.calls_answered as scorecard_calls_answered,
    mart_by_user.calls_answered as mart_calls_answered,
    scorecard.calls_connected as scorecard_calls_connected,
    mart_by_user.calls_connected as mart_calls_connected
from scorecard
full outer join mart_by_user
    on scorecard.month = mart_by_user.month
    and scorecard.user_id = mart_by_user.user_id
where coalesce(scorecard.calls, 0) != coalesce(mart_by_user.calls, 0)
    or coalesce(scorecard.calls_answered, 0) != coalesce(mart_by_user.calls_answered, 0)
    or coalesce(scorecard.calls_connected, 0) != coalesce(mart_by_user.calls_connected, 0)
