-- Rates are ratios of counts or amounts that cannot exceed their base: gross revenue retention
-- lies in 0..1, net revenue retention is not negative, the upsell rate lies in 0..1 (customers
-- upsold are a subset of the customers active at the start), and the share of new recurring
-- revenue from existing customers lies in 0..1. A zero denominator gives null, never 0.
with

mrr as (
    select * from {{ ref('kpi_mrr') }}
),

upsell as (
    select * from {{ ref('kpi_upsell_cross_sell') }}
),

mrr_problems as (
    select
        month,
        'all' as owner_id,
        'retention out of range or not null on a zero base' as problem
    from mrr
    where
        gross_revenue_retention < 0
        or gross_revenue_retention > 1.000000001
        or net_revenue_retention < 0
        or (retention_base_mrr = 0 and (net_revenue_retention is not null or gross_revenue_retention is not null))
        or (retention_base_mrr > 0 and (net_revenue_retention is null or gross_revenue_retention is null))
),

upsell_problems as (
    select
        month,
        owner_id,
        'upsell rate or share out of range' as problem
    from upsell
    where
        customers_upsold > customers_active_at_start
        or customers_cross_sold > customers_active_at_start
        or upsell_rate < 0 or upsell_rate > 1
        or existing_customer_share_of_new_mrr < 0 or existing_customer_share_of_new_mrr > 1.000000001
        or (customers_active_at_start = 0 and upsell_rate is not null)
        or upsell_mrr < 0 or cross_sell_mrr < 0 or downsell_mrr < 0
        or won_upsell_deals + won_cross_sell_deals > won_deals_total
)

select * from mrr_problems
union all
select * from upsell_problems
