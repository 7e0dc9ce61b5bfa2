with

checked as (
    select * from {{ ref('checked_telephony__calls') }}
),

final as (
    select
        call_id,
        started_at,
        direction,
        status,
        user_id,
        lead_id,
        deal_id,
        account_id,
        wait_seconds,
        talk_seconds
    from checked
    where rejection_reason is null
)

select * from final
