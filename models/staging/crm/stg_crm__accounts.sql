with

base as (
    select * from {{ ref('base_crm__accounts') }}
),

final as (
    select
        _row_number,
        record_key,
        account_id,
        account_name,
        industry,
        country,
        created_at,
        owner_id
    from base
    where rejection_reason is null
)

select * from final
