with

checked as (
    select * from {{ ref('checked_crm__leads') }}
),

final as (
    select
        lead_id,
        created_at,
        channel,
        source,
        owner_id,
        status,
        disqualified_reason,
        converted_at,
        account_id,
        company_name,
        is_deleted
    from checked
    where rejection_reason is null
)

select * from final
