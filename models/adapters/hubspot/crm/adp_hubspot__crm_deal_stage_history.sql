{#- HubSpot stage history -> crm__deal_stage_history: one row per stage a deal entered. From
    the `deal_stage` table (deal_id, value, date_entered) when it has rows; otherwise from
    `deal_property_history` rows whose property name is dealstage (Fivetran lands either,
    depending on the connector's version). Other properties' history rows are not stage
    entries and are not read. -#}
with

deal_stages as (
    select * from {{ ref('base_hubspot__deal_stage') }}
),

property_history as (
    select * from {{ ref('base_hubspot__deal_property_history') }}
),

from_deal_stage as (
    select
        deal_id,
        value as stage,
        date_entered as entered_at,
        _row_number
    from deal_stages
),

from_property_history as (
    select
        deal_id,
        value as stage,
        changed_at as entered_at,
        _row_number
    from property_history
    where
        lower(trim(name)) = 'dealstage'
        and not exists (select deal_stages.deal_id from deal_stages)
),

final as (
    select * from from_deal_stage
    union all
    select * from from_property_history
)

select * from final
