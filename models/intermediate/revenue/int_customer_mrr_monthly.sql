{#- One row per customer and month, from the customer's first month with MRR to the month
    after its last (so churn shows), or to the month of as_of_date: the customer's MRR at the
    month's snapshot and its movement against last month in constant currency (both months
    at this month's rates), tested in the order new, churn, reactivation, expansion,
    contraction; the FX effect is last month's MRR at this month's rates minus at its own. -#}
{#- Differences below a millionth of a currency unit are float noise, not a movement. -#}
{%- set tolerance = '0.000001' -%}
with

item_months as (
    select * from {{ ref('int_subscription_items_monthly') }}
),

months as (
    select * from {{ ref('int_mrr_months') }}
),

customers as (
    select * from {{ ref('int_customers_attributed') }}
),

customer_currency_months as (
    select
        customer_id,
        month_start,
        currency,
        sum(item_mrr_local) as mrr_local
    from item_months
    group by customer_id, month_start, currency
),

customer_bounds as (
    select
        customer_id,
        min(month_start) as first_active_month,
        max(month_start) as last_active_month
    from customer_currency_months
    where mrr_local > 0
    group by customer_id
),

customer_spine as (
    select
        customer_bounds.customer_id,
        customer_bounds.first_active_month,
        months.month_start,
        months.previous_month_start,
        months.snapshot_date,
        months.previous_snapshot_date
    from customer_bounds
    inner join months
        on
        customer_bounds.first_active_month <= months.month_start
        and customer_bounds.last_active_month >= months.previous_month_start
),

customer_currencies as (
    select distinct
        customer_id,
        currency
    from customer_currency_months
),

grid as (
    select
        customer_spine.customer_id,
        customer_spine.first_active_month,
        customer_spine.month_start,
        customer_spine.snapshot_date,
        customer_spine.previous_snapshot_date,
        customer_currencies.currency,
        coalesce(this_month.mrr_local, 0) as mrr_local,
        coalesce(last_month.mrr_local, 0) as previous_mrr_local
    from customer_spine
    inner join customer_currencies
        on customer_spine.customer_id = customer_currencies.customer_id
    left join customer_currency_months as this_month
        on
        customer_spine.customer_id = this_month.customer_id
        and customer_spine.month_start = this_month.month_start
        and customer_currencies.currency = this_month.currency
    left join customer_currency_months as last_month
        on
        customer_spine.customer_id = last_month.customer_id
        and customer_spine.previous_month_start = last_month.month_start
        and customer_currencies.currency = last_month.currency
),

grid_converted as (
    select
        grid.customer_id,
        grid.first_active_month,
        grid.month_start,
        grid.snapshot_date,
        case
            when grid.mrr_local = 0 then 0
            else {{ to_reporting('grid.mrr_local', 'fx_now') }}
        end as mrr,
        case
            when grid.previous_mrr_local = 0 then 0
            else {{ to_reporting('grid.previous_mrr_local', 'fx_now') }}
        end as previous_mrr_at_current_rates,
        case
            when grid.previous_mrr_local = 0 then 0
            else {{ to_reporting('grid.previous_mrr_local', 'fx_previous') }}
        end as previous_mrr
    from grid
    {{ fx_join('fx_now', 'grid.currency', 'grid.snapshot_date') }}
    {{ fx_join('fx_previous', 'grid.currency', 'grid.previous_snapshot_date') }}
),

customer_months as (
    select
        customer_id,
        first_active_month,
        month_start,
        snapshot_date,
        cast(sum(mrr) as {{ type_double() }}) as mrr,
        cast(sum(previous_mrr) as {{ type_double() }}) as previous_mrr,
        cast(sum(previous_mrr_at_current_rates) as {{ type_double() }}) as previous_mrr_at_current_rates
    from grid_converted
    group by customer_id, first_active_month, month_start, snapshot_date
),

classified as (
    select
        *,
        case
            when previous_mrr_at_current_rates = 0 and mrr > 0 and month_start = first_active_month
                then 'new'
            when previous_mrr_at_current_rates > 0 and mrr = 0
                then 'churn'
            when previous_mrr_at_current_rates = 0 and mrr > 0
                then 'reactivation'
            when mrr - previous_mrr_at_current_rates >= {{ tolerance }}
                then 'expansion'
            when mrr - previous_mrr_at_current_rates <= -{{ tolerance }}
                then 'contraction'
            when mrr > 0
                then 'unchanged'
            else 'inactive'
        end as movement_type
    from customer_months
),

final as (
    select
        classified.customer_id,
        classified.month_start,
        classified.snapshot_date,
        customers.account_id,
        customers.owner_id,
        customers.acquisition_channel,
        classified.movement_type,
        classified.mrr,
        classified.previous_mrr,
        classified.previous_mrr_at_current_rates,
        classified.previous_mrr_at_current_rates - classified.previous_mrr as fx_effect,
        case when classified.movement_type = 'new' then classified.mrr else 0 end as new_mrr,
        case
            when classified.movement_type = 'expansion'
                then classified.mrr - classified.previous_mrr_at_current_rates
            else 0
        end as expansion_mrr,
        case
            when classified.movement_type = 'contraction'
                then classified.mrr - classified.previous_mrr_at_current_rates
            else 0
        end as contraction_mrr,
        case
            when classified.movement_type = 'churn' then -classified.previous_mrr_at_current_rates
            else 0
        end as churned_mrr,
        case when classified.movement_type = 'reactivation' then classified.mrr else 0 end as reactivation_mrr,
        classified.mrr > 0 as is_active,
        classified.previous_mrr_at_current_rates > 0 as was_active_at_start,
        classified.first_active_month
    from classified
    left join customers
        on classified.customer_id = customers.customer_id
)

select * from final
