{#- One row per continuing customer (MRR last month and this month), month and product
    family the customer had in either month: the family's MRR both months at this month's
    rates (constant currency) and what the change is. An increase in a family the customer
    had last month is upsell (seats or a higher tier); MRR in a family it did not have is
    cross-sell; a decrease is downsell (a positive amount). Per customer and month,
    upsell + cross-sell - downsell = expansion + contraction. -#}
{%- set tolerance = '0.000001' -%}
with

item_months as (
    select * from {{ ref('int_subscription_items_monthly') }}
),

customer_months as (
    select * from {{ ref('int_customer_mrr_monthly') }}
),

months as (
    select * from {{ ref('int_mrr_months') }}
),

family_currency_months as (
    select
        customer_id,
        month_start,
        product_family,
        currency,
        sum(item_mrr_local) as mrr_local
    from item_months
    group by customer_id, month_start, product_family, currency
),

continuing as (
    select
        customer_months.customer_id,
        customer_months.month_start,
        months.previous_month_start,
        months.snapshot_date,
        customer_months.owner_id
    from customer_months
    inner join months
        on customer_months.month_start = months.month_start
    where customer_months.was_active_at_start and customer_months.is_active
),

family_keys as (
    select distinct
        continuing.customer_id,
        continuing.month_start,
        continuing.previous_month_start,
        continuing.snapshot_date,
        continuing.owner_id,
        family_currency_months.product_family,
        family_currency_months.currency
    from continuing
    inner join family_currency_months
        on
        continuing.customer_id = family_currency_months.customer_id
        and (
            continuing.month_start = family_currency_months.month_start
            or continuing.previous_month_start = family_currency_months.month_start
        )
),

family_converted as (
    select
        family_keys.customer_id,
        family_keys.month_start,
        family_keys.owner_id,
        family_keys.product_family,
        case
            when coalesce(this_month.mrr_local, 0) = 0 then 0
            else {{ to_reporting('this_month.mrr_local', 'fx_now') }}
        end as family_mrr,
        case
            when coalesce(last_month.mrr_local, 0) = 0 then 0
            else {{ to_reporting('last_month.mrr_local', 'fx_now') }}
        end as previous_family_mrr_at_current_rates
    from family_keys
    left join family_currency_months as this_month
        on
        family_keys.customer_id = this_month.customer_id
        and family_keys.month_start = this_month.month_start
        and family_keys.product_family = this_month.product_family
        and family_keys.currency = this_month.currency
    left join family_currency_months as last_month
        on
        family_keys.customer_id = last_month.customer_id
        and family_keys.previous_month_start = last_month.month_start
        and family_keys.product_family = last_month.product_family
        and family_keys.currency = last_month.currency
    {{ fx_join('fx_now', 'family_keys.currency', 'family_keys.snapshot_date') }}
),

families as (
    select
        customer_id,
        month_start,
        owner_id,
        product_family,
        cast(sum(family_mrr) as {{ type_double() }}) as family_mrr,
        cast(sum(previous_family_mrr_at_current_rates) as {{ type_double() }})
            as previous_family_mrr_at_current_rates
    from family_converted
    group by customer_id, month_start, owner_id, product_family
),

final as (
    select
        customer_id,
        month_start,
        product_family,
        owner_id,
        family_mrr,
        previous_family_mrr_at_current_rates,
        case
            when previous_family_mrr_at_current_rates > 0
                and family_mrr - previous_family_mrr_at_current_rates >= {{ tolerance }}
                then family_mrr - previous_family_mrr_at_current_rates
            else 0
        end as upsell_mrr,
        case
            when previous_family_mrr_at_current_rates = 0 and family_mrr > 0 then family_mrr
            else 0
        end as cross_sell_mrr,
        case
            when family_mrr - previous_family_mrr_at_current_rates <= -{{ tolerance }}
                then previous_family_mrr_at_current_rates - family_mrr
            else 0
        end as downsell_mrr
    from families
)

select * from final
