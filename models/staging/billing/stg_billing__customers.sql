with

base as (
    select * from {{ ref('base_billing__customers') }}
),

final as (
    select
        _row_number,
        record_key,
        customer_id,
        account_id,
        currency,
        created_at
    from base
    where rejection_reason is null
)

select * from final
