-- Upsell, cross-sell and downsell split the net change of continuing customers by product
-- family: upsell + cross_sell - downsell must equal expansion + contraction of those customers,
-- per customer and month (intermediate) and per month (marts, summed over owners). Otherwise
-- the per-owner upsell figures do not reconcile with the MRR bridge.
with

families as (
    select * from {{ ref('int_customer_family_mrr_monthly') }}
),

customer_months as (
    select * from {{ ref('int_customer_mrr_monthly') }}
),

upsell as (
    select * from {{ ref('kpi_upsell_cross_sell') }}
),

mrr as (
    select * from {{ ref('kpi_mrr') }}
),

family_changes as (
    select
        customer_id,
        month_start,
        sum(upsell_mrr + cross_sell_mrr - downsell_mrr) as net_change
    from families
    group by customer_id, month_start
),

customer_mismatches as (
    select
        customer_months.customer_id as record_id,
        customer_months.month_start,
        coalesce(family_changes.net_change, 0) as family_net_change,
        customer_months.expansion_mrr + customer_months.contraction_mrr as bridge_net_change
    from customer_months
    left join family_changes
        on
        customer_months.customer_id = family_changes.customer_id
        and customer_months.month_start = family_changes.month_start
    where customer_months.was_active_at_start and customer_months.is_active
),

owner_totals as (
    select
        month,
        sum(upsell_mrr + cross_sell_mrr - downsell_mrr) as net_change
    from upsell
    group by month
),

month_mismatches as (
    select
        'all' as record_id,
        mrr.month as month_start,
        coalesce(owner_totals.net_change, 0) as family_net_change,
        mrr.expansion_mrr + mrr.contraction_mrr as bridge_net_change
    from mrr
    left join owner_totals
        on mrr.month = owner_totals.month
)

select * from customer_mismatches
where abs(family_net_change - bridge_net_change) > 0.005
union all
select * from month_mismatches
where abs(family_net_change - bridge_net_change) > 0.005
