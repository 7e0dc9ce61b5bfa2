with

checked as (
    select * from {{ ref('checked_crm__deal_stage_history') }}
),

final as (
    select
        deal_id,
        stage,
        entered_at
    from checked
    where rejection_reason is null
)

select * from final
