{#- amoCRM events -> crm__deal_stage_history: one row per lead_status_changed event (the
    status a deal moved into, value_after_status_id, at the event's created_at, unix
    seconds). Other event types (notes added, fields changed, ...) are not stage entries. A
    deal without such events has been in its current status since it was created. -#}
with

events as (
    select * from {{ ref('base_amocrm__events') }}
),

final as (
    select
        entity_id as deal_id,
        trim(value_after_status_id) as stage,
        {{ landed_timestamp('created_at') }} as entered_at,
        _row_number
    from events
    where lower(trim(type)) = 'lead_status_changed'
)

select * from final
