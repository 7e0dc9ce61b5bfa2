with

base as (
    select * from {{ ref('base_billing__invoices') }}
),

final as (
    select
        _row_number,
        record_key,
        invoice_id,
        customer_id,
        subscription_id,
        issued_at,
        period_start,
        period_end,
        amount,
        currency,
        status
    from base
    where rejection_reason is null
)

select * from final
