-- Deal health covers exactly the pipeline at as_of_date: per owner and stage its open deals and
-- value equal kpi_pipeline_value's (both ways), and stuck, overdue and inactive are parts of it.
with

health as (
    select * from {{ ref('kpi_deal_health') }}
),

pipeline as (
    select * from {{ ref('kpi_pipeline_value') }}
),

pipeline_now as (
    select
        owner_id,
        stage,
        sum(open_deals) as open_deals,
        sum(pipeline_value) as pipeline_value
    from pipeline
    where is_as_of_date
    group by
        owner_id,
        stage
)

select
    coalesce(health.owner_id, pipeline_now.owner_id) as owner_id,
    coalesce(health.stage, pipeline_now.stage) as stage
from health
full outer join pipeline_now
    on health.owner_id = pipeline_now.owner_id
    and health.stage = pipeline_now.stage
where
    coalesce(health.open_deals, 0) != coalesce(pipeline_now.open_deals, 0)
    or abs(coalesce(health.open_value, 0) - coalesce(pipeline_now.pipeline_value, 0)) > 0.005
    or health.stuck_deals > health.open_deals
    or health.overdue_deals > health.open_deals
    or health.inactive_deals > health.open_deals
    or health.stuck_value > health.open_value + 0.005
    or health.overdue_value > health.open_value + 0.005
    or health.inactive_value > health.open_value + 0.005
