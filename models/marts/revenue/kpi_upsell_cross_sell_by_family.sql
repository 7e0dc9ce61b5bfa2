with

family_months as (
    select * from {{ ref('int_customer_family_mrr_monthly') }}
),

won_deals as (
    select * from {{ ref('int_deals_won_converted') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

billing_by_family as (
    select
        month_start,
        product_family,
        sum(case when upsell_mrr > 0 then 1 else 0 end) as customers_upsold,
        sum(case when cross_sell_mrr > 0 then 1 else 0 end) as customers_cross_sold,
        sum(case when downsell_mrr > 0 then 1 else 0 end) as customers_downsold,
        sum(upsell_mrr) as upsell_mrr,
        sum(cross_sell_mrr) as cross_sell_mrr,
        sum(downsell_mrr) as downsell_mrr
    from family_months
    group by month_start, product_family
),

crm_by_family as (
    select
        won_deals.close_month as month_start,
        won_deals.product_family,
        sum(case when won_deals.deal_type = 'upsell' then 1 else 0 end) as won_upsell_deals,
        sum(case when won_deals.deal_type = 'upsell' then coalesce(won_deals.amount_reporting, 0) else 0 end)
            as won_upsell_amount,
        sum(case when won_deals.deal_type = 'cross_sell' then 1 else 0 end) as won_cross_sell_deals,
        sum(case when won_deals.deal_type = 'cross_sell' then coalesce(won_deals.amount_reporting, 0) else 0 end)
            as won_cross_sell_amount
    from won_deals
    inner join months
        on won_deals.close_month = months.month_start
    where won_deals.deal_type in ('upsell', 'cross_sell')
    group by won_deals.close_month, won_deals.product_family
),

family_keys as (
    select
        month_start,
        product_family
    from billing_by_family
    union
    select
        month_start,
        product_family
    from crm_by_family
),

final as (
    select
        family_keys.month_start as month,
        family_keys.product_family,
        cast(coalesce(billing_by_family.customers_upsold, 0) as {{ dbt.type_bigint() }}) as customers_upsold,
        cast(coalesce(billing_by_family.customers_cross_sold, 0) as {{ dbt.type_bigint() }}) as customers_cross_sold,
        cast(coalesce(billing_by_family.customers_downsold, 0) as {{ dbt.type_bigint() }}) as customers_downsold,
        cast(coalesce(billing_by_family.upsell_mrr, 0) as {{ type_double() }}) as upsell_mrr,
        cast(coalesce(billing_by_family.cross_sell_mrr, 0) as {{ type_double() }}) as cross_sell_mrr,
        cast(coalesce(billing_by_family.downsell_mrr, 0) as {{ type_double() }}) as downsell_mrr,
        cast(
            coalesce(billing_by_family.upsell_mrr, 0)
            + coalesce(billing_by_family.cross_sell_mrr, 0)
            - coalesce(billing_by_family.downsell_mrr, 0)
            as {{ type_double() }}
        ) as net_expansion_mrr,
        cast(coalesce(crm_by_family.won_upsell_deals, 0) as {{ dbt.type_bigint() }}) as won_upsell_deals,
        cast(coalesce(crm_by_family.won_upsell_amount, 0) as {{ type_double() }}) as won_upsell_amount,
        cast(coalesce(crm_by_family.won_cross_sell_deals, 0) as {{ dbt.type_bigint() }}) as won_cross_sell_deals,
        cast(coalesce(crm_by_family.won_cross_sell_amount, 0) as {{ type_double() }}) as won_cross_sell_amount
    from family_keys
    left join billing_by_family
        on
        family_keys.month_start = billing_by_family.month_start
        and family_keys.product_family = billing_by_family.product_family
    left join crm_by_family
        on
        family_keys.month_start = crm_by_family.month_start
        and family_keys.product_family = crm_by_family.product_family
)

select * from final
