{#- Owners: the account manager of the customer's CRM account (billing side) and the deal
    owner (CRM side); a customer with no CRM account or an account with no owner is kept
    under 'unassigned' so the owners add up to the whole. -#}
with

customer_months as (
    select * from {{ ref('int_customer_mrr_monthly') }}
),

family_months as (
    select * from {{ ref('int_customer_family_mrr_monthly') }}
),

won_deals as (
    select * from {{ ref('int_deals_won_converted') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

customer_changes as (
    select
        customer_id,
        month_start,
        sum(upsell_mrr) as upsell_mrr,
        sum(cross_sell_mrr) as cross_sell_mrr,
        sum(downsell_mrr) as downsell_mrr
    from family_months
    group by customer_id, month_start
),

billing_by_owner as (
    select
        customer_months.month_start,
        coalesce(customer_months.owner_id, 'unassigned') as owner_id,
        sum(case when customer_months.was_active_at_start then 1 else 0 end) as customers_active_at_start,
        sum(case when customer_changes.upsell_mrr > 0 then 1 else 0 end) as customers_upsold,
        sum(case when customer_changes.cross_sell_mrr > 0 then 1 else 0 end) as customers_cross_sold,
        sum(case when customer_changes.downsell_mrr > 0 then 1 else 0 end) as customers_downsold,
        sum(coalesce(customer_changes.upsell_mrr, 0)) as upsell_mrr,
        sum(coalesce(customer_changes.cross_sell_mrr, 0)) as cross_sell_mrr,
        sum(coalesce(customer_changes.downsell_mrr, 0)) as downsell_mrr,
        sum(customer_months.new_mrr) as new_mrr
    from customer_months
    left join customer_changes
        on
        customer_months.customer_id = customer_changes.customer_id
        and customer_months.month_start = customer_changes.month_start
    group by customer_months.month_start, coalesce(customer_months.owner_id, 'unassigned')
),

crm_by_owner as (
    select
        won_deals.close_month as month_start,
        won_deals.owner_id,
        sum(case when won_deals.deal_type = 'upsell' then 1 else 0 end) as won_upsell_deals,
        sum(case when won_deals.deal_type = 'upsell' then coalesce(won_deals.amount_reporting, 0) else 0 end)
            as won_upsell_amount,
        sum(case when won_deals.deal_type = 'cross_sell' then 1 else 0 end) as won_cross_sell_deals,
        sum(case when won_deals.deal_type = 'cross_sell' then coalesce(won_deals.amount_reporting, 0) else 0 end)
            as won_cross_sell_amount,
        count(*) as won_deals_total,
        sum(coalesce(won_deals.amount_reporting, 0)) as won_amount_total
    from won_deals
    inner join months
        on won_deals.close_month = months.month_start
    group by won_deals.close_month, won_deals.owner_id
),

owner_months as (
    select
        month_start,
        owner_id
    from billing_by_owner
    union
    select
        month_start,
        owner_id
    from crm_by_owner
),

joined as (
    select
        owner_months.month_start,
        owner_months.owner_id,
        coalesce(billing_by_owner.customers_active_at_start, 0) as customers_active_at_start,
        coalesce(billing_by_owner.customers_upsold, 0) as customers_upsold,
        coalesce(billing_by_owner.customers_cross_sold, 0) as customers_cross_sold,
        coalesce(billing_by_owner.customers_downsold, 0) as customers_downsold,
        coalesce(billing_by_owner.upsell_mrr, 0) as upsell_mrr,
        coalesce(billing_by_owner.cross_sell_mrr, 0) as cross_sell_mrr,
        coalesce(billing_by_owner.downsell_mrr, 0) as downsell_mrr,
        coalesce(billing_by_owner.new_mrr, 0) as new_mrr,
        coalesce(crm_by_owner.won_upsell_deals, 0) as won_upsell_deals,
        coalesce(crm_by_owner.won_upsell_amount, 0) as won_upsell_amount,
        coalesce(crm_by_owner.won_cross_sell_deals, 0) as won_cross_sell_deals,
        coalesce(crm_by_owner.won_cross_sell_amount, 0) as won_cross_sell_amount,
        coalesce(crm_by_owner.won_deals_total, 0) as won_deals_total,
        coalesce(crm_by_owner.won_amount_total, 0) as won_amount_total
    from owner_months
    left join billing_by_owner
        on
        owner_months.month_start = billing_by_owner.month_start
        and owner_months.owner_id = billing_by_owner.owner_id
    left join crm_by_owner
        on
        owner_months.month_start = crm_by_owner.month_start
        and owner_months.owner_id = crm_by_owner.owner_id
),

final as (
    select
        month_start as month,
        owner_id,
        cast(customers_active_at_start as {{ dbt.type_bigint() }}) as customers_active_at_start,
        cast(customers_upsold as {{ dbt.type_bigint() }}) as customers_upsold,
        cast(customers_cross_sold as {{ dbt.type_bigint() }}) as customers_cross_sold,
        cast(customers_downsold as {{ dbt.type_bigint() }}) as customers_downsold,
        cast(upsell_mrr as {{ type_double() }}) as upsell_mrr,
        cast(cross_sell_mrr as {{ type_double() }}) as cross_sell_mrr,
        cast(downsell_mrr as {{ type_double() }}) as downsell_mrr,
        cast(upsell_mrr + cross_sell_mrr - downsell_mrr as {{ type_double() }}) as net_expansion_mrr,
        cast(new_mrr as {{ type_double() }}) as new_mrr,
        cast(new_mrr + upsell_mrr + cross_sell_mrr as {{ type_double() }}) as new_recurring_mrr_total,
        {{ safe_divide('customers_upsold', 'customers_active_at_start') }} as upsell_rate,
        {{ safe_divide('customers_cross_sold', 'customers_active_at_start') }} as cross_sell_rate,
        {{ safe_divide('upsell_mrr + cross_sell_mrr', 'new_mrr + upsell_mrr + cross_sell_mrr') }}
            as existing_customer_share_of_new_mrr,
        cast(won_upsell_deals as {{ dbt.type_bigint() }}) as won_upsell_deals,
        cast(won_upsell_amount as {{ type_double() }}) as won_upsell_amount,
        cast(won_cross_sell_deals as {{ dbt.type_bigint() }}) as won_cross_sell_deals,
        cast(won_cross_sell_amount as {{ type_double() }}) as won_cross_sell_amount,
        cast(won_deals_total as {{ dbt.type_bigint() }}) as won_deals_total,
        cast(won_amount_total as {{ type_double() }}) as won_amount_total,
        {{ safe_divide('won_upsell_amount + won_cross_sell_amount', 'won_amount_total') }}
            as won_upsell_cross_sell_share
    from joined
)

select * from final
