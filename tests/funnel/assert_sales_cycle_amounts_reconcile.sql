-- Won and lost amounts reconcile with staging: the sum over the mart equals the amounts of the
-- undeleted won / lost deals closed by as_of_date, each converted at its close date's rate.
with

period as (
    select * from {{ ref('int_report_period') }}
),

deals as (
    select
        deals.*,
        {{ local_date('deals.closed_at') }} as closed_date
    from {{ ref('linked_crm__deals') }} as deals
),

stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

staged as (
    select
        coalesce(sum(case when stages.is_won then {{ to_reporting('deals.amount', 'fx') }} end), 0) as won_amount,
        coalesce(sum(case when not stages.is_won then {{ to_reporting('deals.amount', 'fx') }} end), 0) as lost_amount
    from deals
    inner join stages
        on deals.stage = stages.stage
    cross join period
    {{ fx_join('fx', 'deals.currency', 'deals.closed_date') }}
    where
        not deals.is_deleted
        and stages.is_closed
        and deals.closed_date <= period.as_of_date
),

mart as (
    select
        coalesce(sum(won_amount), 0) as won_amount,
        coalesce(sum(lost_amount), 0) as lost_amount
    from {{ ref('kpi_sales_cycle') }}
)

select
    staged.won_amount as staged_won_amount,
    mart.won_amount as mart_won_amount,
    staged.lost_amount as staged_lost_amount,
    mart.lost_amount as mart_lost_amount
from staged
cross join mart
where
    abs(staged.won_amount - mart.won_amount) > 0.005
    or abs(staged.lost_amount - mart.lost_amount) > 0.005
