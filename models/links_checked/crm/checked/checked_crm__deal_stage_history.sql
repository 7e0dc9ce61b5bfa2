with

stage_history as (
    select * from {{ ref('stg_crm__deal_stage_history') }}
),

deals as (
    select deal_id from {{ ref('linked_crm__deals') }}
),

stages as (
    select stage from {{ ref('stg_crm__pipeline_stages') }}
),

final as (
    select
        stage_history._row_number,
        stage_history.record_key,
        stage_history.deal_id,
        stage_history.stage,
        stage_history.entered_at,
        coalesce(
            {{ orphan_reason('stage_history.deal_id', 'deals', 'deal_id') }},
            {{ orphan_reason('stage_history.stage', 'stages', 'stage') }}
        ) as rejection_reason,
        0 as links_dropped
    from stage_history
    left join deals
        on stage_history.deal_id = deals.deal_id
    left join stages
        on stage_history.stage = stages.stage
)

select * from final
