with

base as (
    select * from {{ ref('base_billing__plans') }}
),

final as (
    select
        _row_number,
        record_key,
        plan_id,
        product_id,
        plan_name,
        billing_period_months,
        list_price,
        currency,
        available_from,
        available_to
    from base
    where rejection_reason is null
)

select * from final
