{#- Salesforce OpportunityHistory -> crm__deal_stage_history: one row per stage an opportunity
    entered. OpportunityHistory also writes a row when only the amount or close date changes;
    such a row repeats the stage of the row before it and is not a stage entry, so consecutive
    rows of one opportunity with the same stage collapse into the first. -#}
with

history as (
    select * from {{ ref('base_salesforce__opportunity_history') }}
),

ordered as (
    select
        opportunity_id,
        stage_name,
        created_date,
        _row_number,
        lag(lower(trim(stage_name))) over (
            partition by trim(opportunity_id)
            order by {{ landed_timestamp('created_date') }}, _row_number
        ) as previous_stage
    from history
),

final as (
    select
        opportunity_id as deal_id,
        stage_name as stage,
        created_date as entered_at,
        _row_number
    from ordered
    where
        previous_stage is null
        or stage_name is null
        or previous_stage != lower(trim(stage_name))
)

select * from final
