with

base as (
    select * from {{ ref('base_telephony__calls') }}
),

final as (
    select
        _row_number,
        record_key,
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
    from base
    where rejection_reason is null
)

select * from final
