with

base as (
    select * from {{ ref('base_crm__deals') }}
),

final as (
    select
        _row_number,
        record_key,
        deal_id,
        account_id,
        lead_id,
        owner_id,
        deal_type,
        product_id,
        stage,
        amount,
        currency,
        created_at,
        expected_close_on,
        closed_at,
        lost_reason,
        is_deleted
    from base
    where rejection_reason is null
)

select * from final
