-- The team and department rollups (rep_scorecard_teams, rep_scorecard_department) are the rep
-- scorecard summed: a manager's team total and the head of sales' department total must equal
-- the sum of the reps' rows, month by month.
with

reps as (
    select * from {{ ref('rep_scorecard') }}
),

teams as (
    select * from {{ ref('rep_scorecard_teams') }}
),

department as (
    select * from {{ ref('rep_scorecard_department') }}
),

rep_totals as (
    select
        month,
        count(*) as reps,
        sum(leads_owned) as leads_owned,
        sum(deals_won) as deals_won,
        sum(won_amount) as won_amount,
        sum(open_pipeline_value) as open_pipeline_value,
        sum(calls) as calls,
        sum(score_total) as score_total
    from reps
    group by month
),

team_totals as (
    select
        month,
        sum(reps) as reps,
        sum(leads_owned) as leads_owned,
        sum(deals_won) as deals_won,
        sum(won_amount) as won_amount,
        sum(open_pipeline_value) as open_pipeline_value,
        sum(calls) as calls,
        sum(score_total) as score_total
    from teams
    group by month
)

select
    rep_totals.month,
    rep_totals.won_amount as rep_won_amount,
    team_totals.won_amount as team_won_amount,
    department.won_amount as department_won_amount
from rep_totals
full outer join team_totals
    on rep_totals.month = team_totals.month
full outer join department
    on coalesce(rep_totals.month, team_totals.month) = department.month
where rep_totals.month is null
    or team_totals.month is null
    or department.month is null
    or rep_totals.reps != team_totals.reps
    or rep_totals.reps != department.reps
    or rep_totals.leads_owned != team_totals.leads_owned
    or rep_totals.leads_owned != department.leads_owned
    or rep_totals.deals_won != team_totals.deals_won
    or rep_totals.deals_won != department.deals_won
    or rep_totals.calls != team_totals.calls
    or rep_totals.calls != department.calls
    or abs(rep_totals.won_amount - team_totals.won_amount) > 0.005
    or abs(rep_totals.won_amount - department.won_amount) > 0.005
    or abs(rep_totals.open_pipeline_value - team_totals.open_pipeline_value) > 0.005
    or abs(rep_totals.open_pipeline_value - department.open_pipeline_value) > 0.005
    or abs(rep_totals.score_total - team_totals.score_total) > 0.005
    or abs(rep_totals.score_total - department.score_total) > 0.005
