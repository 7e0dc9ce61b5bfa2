with

checked as (
    select * from {{ ref('checked_billing__plans') }}
),

final as (
    select
        plan_id,
        product_id,
        plan_name,
        billing_period_months,
        list_price,
        currency,
        available_from,
        available_to
    from checked
    where rejection_reason is null
)

select * from final
