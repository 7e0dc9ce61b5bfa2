-- The open pipeline at as_of_date must equal what the deals table shows open right now (not
-- deleted, no closed_at, an open current stage): counts and value. Checked when as_of_date is
-- the latest event date (the default), where "as of" and "now" are the same moment.
with

period as (
    select * from {{ ref('int_report_period') }}
),

deals as (
    select * from {{ ref('linked_crm__deals') }}
),

stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

open_now as (
    select
        count(*) as open_deals,
        sum(case when deals.amount is null then 1 else 0 end) as open_deals_without_amount,
        coalesce(sum({{ to_reporting('deals.amount', 'fx') }}), 0) as pipeline_value
    from deals
    inner join stages
        on deals.stage = stages.stage
    cross join period
    {{ fx_join('fx', 'deals.currency', 'period.as_of_date') }}
    where
        not deals.is_deleted
        and deals.closed_at is null
        and not stages.is_closed
),

mart as (
    select
        coalesce(sum(open_deals), 0) as open_deals,
        coalesce(sum(open_deals_without_amount), 0) as open_deals_without_amount,
        coalesce(sum(pipeline_value), 0) as pipeline_value
    from {{ ref('kpi_pipeline_value') }}
    where is_as_of_date
)

select
    open_now.open_deals as raw_open_deals,
    mart.open_deals as mart_open_deals,
    open_now.pipeline_value as raw_pipeline_value,
    mart.pipeline_value as mart_pipeline_value
from open_now
cross join mart
cross join period
where
    period.as_of_date >= period.latest_event_date
    and (
        open_now.open_deals != mart.open_deals
        or open_now.open_deals_without_amount != mart.open_deals_without_amount
        or abs(open_now.pipeline_value - mart.pipeline_value) > 0.005
    )
