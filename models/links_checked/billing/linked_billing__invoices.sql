with

checked as (
    select * from {{ ref('checked_billing__invoices') }}
),

final as (
    select
        invoice_id,
        customer_id,
        subscription_id,
        issued_at,
        period_start,
        period_end,
        amount,
        currency,
        status
    from checked
    where rejection_reason is null
)

select * from final
