with

checked as (
    select * from {{ ref('checked_crm__accounts') }}
),

final as (
    select
        account_id,
        account_name,
        industry,
        country,
        created_at,
        owner_id
    from checked
    where rejection_reason is null
)

select * from final
