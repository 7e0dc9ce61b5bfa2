{#- Bitrix24 stage history (crm.stagehistory.list for deals) -> crm__deal_stage_history. Every
    TYPE_ID is a stage entry: 1 the deal was created in the stage, 2 it moved there, 3 it
    moved into a final (won / lost) stage. Consecutive rows of a deal with the same stage
    (a repeated event, e.g. a category change that keeps the stage) collapse into the first. -#}
with

history as (
    select * from {{ ref('base_bitrix24__stage_history') }}
),

ordered as (
    select
        owner_id,
        stage_id,
        created_time,
        _row_number,
        lag(trim(stage_id)) over (
            partition by trim(owner_id)
            order by {{ parse_timestamp('created_time') }}, _row_number
        ) as previous_stage
    from history
),

final as (
    select
        owner_id as deal_id,
        trim(stage_id) as stage,
        created_time as entered_at,
        _row_number
    from ordered
    where
        previous_stage is null
        or stage_id is null
        or previous_stage != trim(stage_id)
)

select * from final
