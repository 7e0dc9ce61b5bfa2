with

base as (
    select * from {{ ref('base_crm__leads') }}
),

final as (
    select
        _row_number,
        record_key,
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
    from base
    where rejection_reason is null
)

select * from final
