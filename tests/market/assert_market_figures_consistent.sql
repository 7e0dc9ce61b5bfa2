-- The market figures describe one set of fresh competitor prices: min <= median <= max and
-- min <= mean <= max, the rank lies between 1 and the number of prices ranked, and a product
-- with no fresh price has no market figures (never a 0 that drags a mean down).
select
    month,
    product_id,
    competitors_observed,
    market_min_price,
    market_median_price,
    market_mean_price,
    market_max_price,
    our_price_rank,
    prices_ranked
from {{ ref('kpi_competitor_pricing') }}
where market_min_price > market_median_price + 0.005
    or market_median_price > market_max_price + 0.005
    or market_min_price > market_mean_price + 0.005
    or market_mean_price > market_max_price + 0.005
    or our_price_rank < 1
    or our_price_rank > prices_ranked
    or (competitors_observed = 0 and market_mean_price is not null)
    or (competitors_observed > 0 and market_mean_price is null)
    or (our_list_price is null and our_price_rank is not null)
