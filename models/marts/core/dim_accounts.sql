with

accounts as (
    select * from {{ ref('linked_crm__accounts') }}
),

final as (
    select
        account_id,
        owner_id,
        account_name,
        industry,
        country,
        created_at
    from accounts
)

select * from final
