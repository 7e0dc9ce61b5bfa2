{#- Stripe invoices -> billing__invoices. amount: total in minor units / 100 (/ 1 for
    zero-decimal currencies). Stripe's statuses paid, open and void are the contract's; draft and
    uncollectible pass through and are rejected in staging (not a billed amount the contract
    knows). period_start / period_end are dates of the period billed. -#}
with

invoices as (
    select * from {{ ref('base_stripe__invoice') }}
),

final as (
    select
        id as invoice_id,
        customer_id,
        subscription_id,
        {{ landed_timestamp('created') }} as issued_at,
        {{ landed_date('period_start') }} as period_start,
        {{ landed_date('period_end') }} as period_end,
        {{ minor_units_to_major('total', 'currency') }} as amount,
        upper(trim(currency)) as currency,
        lower(trim(status)) as status,
        _row_number
    from invoices
)

select * from final
