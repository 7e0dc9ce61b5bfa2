{#- Stripe subscriptions -> billing__subscriptions. started_at: start_date (else created);
    ended_at: ended_at, the moment it stopped (canceled_at is when the cancellation was asked
    for, which may be long before the end of the paid period). -#}
with

subscriptions as (
    select * from {{ ref('base_stripe__subscription') }}
),

final as (
    select
        id as subscription_id,
        customer_id,
        {{ landed_timestamp('coalesce(' ~ nullif_blank('start_date') ~ ', created)') }} as started_at,
        {{ landed_timestamp('ended_at') }} as ended_at,
        _row_number
    from subscriptions
)

select * from final
