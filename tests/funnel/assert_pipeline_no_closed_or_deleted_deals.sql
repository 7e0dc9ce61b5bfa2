-- No closed or deleted deal is ever counted in the pipeline: at every pipeline date each deal is
-- undeleted, created by then, not closed by then, and in an open stage (or in the `unknown`
-- stage of a deal closed now whose history does not reach back to the date).
with

snapshots as (
    select * from {{ ref('int_pipeline_snapshots') }}
),

deals as (
    select * from {{ ref('linked_crm__deals') }}
),

stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
)

select
    snapshots.as_of_date,
    snapshots.deal_id,
    snapshots.stage,
    deals.is_deleted,
    deals.closed_at
from snapshots
left join deals
    on snapshots.deal_id = deals.deal_id
left join stages
    on snapshots.stage = stages.stage
where
    deals.deal_id is null
    or deals.is_deleted
    or {{ local_date('deals.created_at') }} > snapshots.as_of_date
    or {{ local_date('deals.closed_at') }} <= snapshots.as_of_date
    or stages.is_closed
    or (stages.stage is null and snapshots.stage != '{{ unknown_stage() }}')
    or (snapshots.stage = '{{ unknown_stage() }}' and snapshots.stage_probability is not null)
