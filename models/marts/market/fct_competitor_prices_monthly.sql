with

competitor_prices as (
    select * from {{ ref('int_competitor_prices_monthly') }}
),

final as (
    select
        month_start as month,
        competitor,
        competitor_product,
        product_id,
        currency,
        cast(billing_period_months as {{ dbt.type_bigint() }}) as billing_period_months,
        price,
        price_monthly,
        price_monthly_reporting,
        cast(age_days as {{ dbt.type_bigint() }}) as age_days,
        is_mapped,
        is_stale,
        observed_on,
        snapshot_date
    from competitor_prices
)

select * from final
