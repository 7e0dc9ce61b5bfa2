with

base as (
    select * from {{ ref('base_crm__pipeline_stages') }}
),

final as (
    select
        stage,
        stage_order,
        probability,
        is_closed,
        is_won
    from base
    where rejection_reason is null
)

select * from final
