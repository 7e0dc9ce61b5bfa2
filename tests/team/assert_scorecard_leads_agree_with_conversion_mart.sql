-- Leads owned and converted on the scorecard must be exactly kpi_conversion_rate's, per lead
-- cohort month and owner: a manager comparing the two dashboards must never see two numbers.
-- Compared for every user known to dim_reps and every month of the report, both ways (a
-- figure missing on either side fails).
with

scorecard as (
    select * from {{ ref('rep_scorecard') }}
),

mart as (
    select * from {{ ref('kpi_conversion_rate') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

mart_by_user as (
    select
        mart.cohort_month as month,
        mart.owner_id as user_id,
        sum(mart.leads_total) as leads_total,
        sum(mart.leads_valid) as leads_owned,
        sum(mart.leads_converted_to_date) as leads_converted_to_date,
        sum(mart.leads_converted_in_window) as leads_converted_in_window
    from mart
    inner join reps
        on mart.owner_id = reps.user_id
    inner join months
        on mart.cohort_month = months.month_start
    group by
        mart.cohort_month,
        mart.owner_id
)

select
    coalesce(scorecard.month, mart_by_user.month) as month,
    coalesce(scorecard.user_id, mart_by_user.user_id) as user_id,
    scorecard.leads_total as scorecard_leads_total,
    mart_by_user.leads_total as mart_leads_total,
    scorecard.leads_owned as scorecard_leads_owned,
    mart_by_user.leads_owned as mart_leads_owned,
    scorecard.leads_converted_to_date as scorecard_leads_converted_to_date,
    mart_by_user.leads_converted_to_date as mart_leads_converted_to_date,
    scorecard.leads_converted_in_window as scorecard_leads_converted_in_window,
    mart_by_user.leads_converted_in_window as mart_leads_converted_in_window
from scorecard
full outer join mart_by_user
    on scorecard.month = mart_by_user.month
    and scorecard.user_id = mart_by_user.user_id
where coalesce(scorecard.leads_total, 0) != coalesce(mart_by_user.leads_total, 0)
    or coalesce(scorecard.leads_owned, 0) != coalesce(mart_by_user.leads_owned, 0)
    or coalesce(scorecard.leads_converted_to_date, 0) != coalesce(mart_by_user.leads_converted_to_date, 0)
    or coalesce(scorecard.leads_converted_in_window, 0) != coalesce(mart_by_user.leads_converted_in_window, 0)
