with

checked as (
    select * from {{ ref('checked_crm__deals') }}
),

final as (
    select
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
    from checked
    where rejection_reason is null
)

select * from final
