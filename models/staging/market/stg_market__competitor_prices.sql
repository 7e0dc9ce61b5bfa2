with

base as (
    select * from {{ ref('base_market__competitor_prices') }}
),

final as (
    select
        _row_number,
        record_key,
        observed_on,
        competitor,
        competitor_product,
        product_id,
        price,
        currency,
        billing_period_months
    from base
    where rejection_reason is null
)

select * from final
