with

checked as (
    select * from {{ ref('checked_billing__customers') }}
),

final as (
    select
        customer_id,
        account_id,
        currency,
        created_at
    from checked
    where rejection_reason is null
)

select * from final
