-- The open pipeline on the scorecard must be exactly kpi_pipeline_value's at the month's
-- snapshot date (its last day, or as_of_date in the as-of month), per owner: the month-end
-- pipeline a manager sees on the scorecard is the one on the pipeline dashboard.
with

scorecard as (
    select * from {{ ref('rep_scorecard') }}
),

mart as (
    select * from {{ ref('kpi_pipeline_value') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

mart_by_user as (
    select
        months.month_start as month,
        mart.owner_id as user_id,
        sum(mart.open_deals) as open_deals,
        sum(mart.pipeline_value) as open_pipeline_value,
        sum(mart.weighted_pipeline_value) as open_weighted_pipeline_value
    from mart
    inner join reps
        on mart.owner_id = reps.user_id
    inner join months
        on mart.as_of_date = months.snapshot_date
    group by
        months.month_start,
        mart.owner_id
)

select
    coalesce(scorecard.month, mart_by_user.month) as month,
    coalesce(scorecard.user_id, mart_by_user.user_id) as user_id,
    scorecard.open_deals as scorecard_open_deals,
    mart_by_user.open_deals as mart_open_deals,
    scorecard.open_pipeline_value as scorecard_open_pipeline_value,
    mart_by_user.open_pipeline_value as mart_open_pipeline_value
from scorecard
full outer join mart_by_user
    on scorecard.month = mart_by_user.month
    and scorecard.user_id = mart_by_user.user_id
where coalesce(scorecard.open_deals, 0) != coalesce(mart_by_user.open_deals, 0)
    or abs(coalesce(scorecard.open_pipeline_value, 0) - coalesce(mart_by_user.open_pipeline_value, 0)) > 0.005
    or abs(
        coalesce(scorecard.open_weighted_pipeline_value, 0) - coalesce(mart_by_user.open_weighted_pipeline_value, 0)
    ) > 0.005
