with

our_prices as (
    select * from {{ ref('int_product_prices_monthly') }}
),

competitor_prices as (
    select * from {{ ref('int_competitor_prices_monthly') }}
),

mapped_prices as (
    select * from competitor_prices
    where is_mapped
),

fresh_prices as (
    select * from mapped_prices
    where not is_stale
),

market as (
    select
        month_start,
        product_id,
        count(*) as competitors_observed,
        sum(price_monthly_reporting) as market_price_total,
        min(price_monthly_reporting) as market_min_price,
        max(price_monthly_reporting) as market_max_price,
        {{ median('price_monthly_reporting') }} as market_median_price
    from fresh_prices
    group by
        month_start,
        product_id
),

stale as (
    select
        month_start,
        product_id,
        count(*) as stale_observations
    from mapped_prices
    where is_stale
    group by
        month_start,
        product_id
),

product_months as (
    select
        month_start,
        product_id
    from our_prices
    union
    select
        month_start,
        product_id
    from mapped_prices
),

cheaper_competitors as (
    {#- Our rank among us and the fresh competitor prices, 1 = cheapest, ties share a rank
        (rank() semantics): 1 + the number of competitor prices strictly below ours, compared
        to a millionth so that exchange-rate rounding noise does not break a tie. -#}
    select
        our_prices.month_start,
        our_prices.product_id,
        sum(
            case
                when
                    cast(fresh_prices.price_monthly_reporting as {{ dbt.type_numeric() }})
                    < cast(our_prices.our_list_price as {{ dbt.type_numeric() }})
                    then 1
                else 0
            end
        ) as competitors_cheaper
    from our_prices
    inner join fresh_prices
        on our_prices.month_start = fresh_prices.month_start
        and our_prices.product_id = fresh_prices.product_id
    where our_prices.our_list_price is not null
    group by
        our_prices.month_start,
        our_prices.product_id
),

combined as (
    select
        product_months.month_start,
        product_months.product_id,
        our_prices.our_list_price,
        our_prices.our_realised_price,
        our_prices.our_realised_price_per_seat,
        coalesce(our_prices.plans_available, 0) as plans_available,
        coalesce(our_prices.items_active, 0) as items_active,
        coalesce(our_prices.seats_active, 0) as seats_active,
        coalesce(our_prices.realised_price_total, 0) as realised_price_total,
        coalesce(our_prices.realised_mrr_total, 0) as realised_mrr_total,
        coalesce(market.competitors_observed, 0) as competitors_observed,
        coalesce(market.market_price_total, 0) as market_price_total,
        market.market_min_price,
        market.market_max_price,
        {{ safe_divide('market.market_price_total', 'market.competitors_observed') }} as market_mean_price,
        market.market_median_price,
        coalesce(stale.stale_observations, 0) as stale_observations,
        case
            when our_prices.our_list_price is not null
                then 1 + coalesce(cheaper_competitors.competitors_cheaper, 0)
        end as our_price_rank
    from product_months
    left join our_prices
        on product_months.month_start = our_prices.month_start
        and product_months.product_id = our_prices.product_id
    left join market
        on product_months.month_start = market.month_start
        and product_months.product_id = market.product_id
    left join stale
        on product_months.month_start = stale.month_start
        and product_months.product_id = stale.product_id
    left join cheaper_competitors
        on product_months.month_start = cheaper_competitors.month_start
        and product_months.product_id = cheaper_competitors.product_id
),

with_last_month as (
    select
        combined.*,
        last_month.market_mean_price as market_mean_price_last_month
    from combined
    left join combined as last_month
        on combined.product_id = last_month.product_id
        and cast({{ dbt.dateadd('month', 1, 'last_month.month_start') }} as date) = combined.month_start
),

final as (
    select
        with_last_month.month_start as month,
        with_last_month.product_id,
        cast(with_last_month.our_list_price as {{ type_double() }}) as our_list_price,
        cast(with_last_month.our_realised_price as {{ type_double() }}) as our_realised_price,
        cast(with_last_month.our_realised_price_per_seat as {{ type_double() }}) as our_realised_price_per_seat,
        cast(with_last_month.competitors_observed as {{ dbt.type_bigint() }}) as competitors_observed,
        cast(with_last_month.market_price_total as {{ type_double() }}) as market_price_total,
        cast(with_last_month.market_min_price as {{ type_double() }}) as market_min_price,
        cast(with_last_month.market_max_price as {{ type_double() }}) as market_max_price,
        cast(with_last_month.market_mean_price as {{ type_double() }}) as market_mean_price,
        cast(with_last_month.market_median_price as {{ type_double() }}) as market_median_price,
        {{ safe_divide('with_last_month.our_list_price * 100', 'with_last_month.market_mean_price') }} as price_index,
        cast(with_last_month.our_price_rank as {{ dbt.type_bigint() }}) as our_price_rank,
        cast(with_last_month.competitors_observed + 1 as {{ dbt.type_bigint() }}) as prices_ranked,
        cast(with_last_month.stale_observations as {{ dbt.type_bigint() }}) as stale_observations,
        cast(with_last_month.market_mean_price_last_month as {{ type_double() }}) as market_mean_price_last_month,
        cast(
            with_last_month.market_mean_price - with_last_month.market_mean_price_last_month as {{ type_double() }}
        ) as market_mean_price_change,
        cast(with_last_month.plans_available as {{ dbt.type_bigint() }}) as plans_available,
        cast(with_last_month.items_active as {{ dbt.type_bigint() }}) as items_active,
        cast(with_last_month.seats_active as {{ dbt.type_bigint() }}) as seats_active,
        cast(with_last_month.realised_price_total as {{ type_double() }}) as realised_price_total,
        cast(with_last_month.realised_mrr_total as {{ type_double() }}) as realised_mrr_total
    from with_last_month
)

select * from final
