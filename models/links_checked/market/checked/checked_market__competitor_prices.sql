with

competitor_prices as (
    select * from {{ ref('stg_market__competitor_prices') }}
),

products as (
    select product_id from {{ ref('stg_crm__products') }}
),

fx_coverage as (
    select * from {{ ref('base_billing__fx_coverage') }}
),

final as (
    select
        competitor_prices._row_number,
        competitor_prices.record_key,
        competitor_prices.observed_on,
        competitor_prices.competitor,
        competitor_prices.competitor_product,
        {{ kept_link('competitor_prices.product_id', 'products', 'product_id') }} as product_id,
        competitor_prices.price,
        competitor_prices.currency,
        competitor_prices.billing_period_months,
        coalesce(
            {{ currency_reason('competitor_prices.currency', 'competitor_prices.observed_on') }}
        ) as rejection_reason,
        {{ dropped_link('competitor_prices.product_id', 'products', 'product_id') }} as links_dropped
    from competitor_prices
    left join products
        on competitor_prices.product_id = products.product_id
    left join fx_coverage
        on competitor_prices.currency = fx_coverage.currency
)

select * from final
