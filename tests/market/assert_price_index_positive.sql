-- Prices are positive, so the price index (our list price / market mean × 100) must be too:
-- an index of 0 or below means a price was lost or converted with a wrong rate.
select
    month,
    product_id,
    our_list_price,
    market_mean_price,
    price_index
from {{ ref('kpi_competitor_pricing') }}
where price_index <= 0
    or our_list_price <= 0
    or market_min_price <= 0
