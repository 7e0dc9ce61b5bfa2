with

base as (
    select * from {{ ref('base_crm__users') }}
),

final as (
    select
        user_id,
        role,
        manager_id,
        team,
        hired_on,
        left_on
    from base
    where rejection_reason is null
)

select * from final
