-- The pipeline at as_of_date against the deals table as it stands: the open deals counted by
-- kpi_pipeline_value must be exactly the undeleted deals in an open stage with no close date.
with

pipeline as (
    select * from {{ ref('kpi_pipeline_value') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

deals as (
    select * from {{ ref('linked_crm__deals') }}
),

stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

mart_open as (
    select sum(pipeline.open_deals) as open_deals
    from pipeline
    inner join period
        on pipeline.as_of_date = period.as_of_date
),

raw_open as (
    select count(*) as open_deals
    from deals
    inner join stages
        on deals.stage = stages.stage
    where
        not deals.is_deleted
        and not stages.is_closed
        and deals.closed_at is null
)

select
    mart_open.open_deals as open_deals_in_mart,
    raw_open.open_deals as open_deals_in_raw
from mart_open
cross join raw_open
