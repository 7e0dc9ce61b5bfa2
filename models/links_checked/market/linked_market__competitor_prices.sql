with

checked as (
    select * from {{ ref('checked_market__competitor_prices') }}
),

final as (
    select
        observed_on,
        competitor,
        competitor_product,
        product_id,
        price,
        currency,
        billing_period_months
    from checked
    where rejection_reason is null
)

select * from final
