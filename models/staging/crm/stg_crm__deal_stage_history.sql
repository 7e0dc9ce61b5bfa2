with

base as (
    select * from {{ ref('base_crm__deal_stage_history') }}
),

final as (
    select
        _row_number,
        record_key,
        deal_id,
        stage,
        entered_at
    from base
    where rejection_reason is null
)

select * from final
