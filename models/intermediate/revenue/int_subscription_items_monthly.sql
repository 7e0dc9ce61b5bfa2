{#- One row per subscription item version and month in which it is active at the month's
    snapshot (the end of the month's last day, or of as_of_date in the as-of month): an item
    that ends mid-month is gone in that month. MRR converted at the snapshot date's rate. -#}
with

items as (
    select * from {{ ref('int_subscription_items_enriched') }}
),

months as (
    select * from {{ ref('int_mrr_months') }}
),

active_items as (
    select
        items.subscription_item_id,
        months.month_start,
        months.snapshot_date,
        items.subscription_id,
        items.customer_id,
        items.plan_id,
        items.product_id,
        items.product_family,
        items.currency,
        items.quantity,
        items.item_mrr_local
    from items
    inner join months
        on
        items.active_from_date <= months.snapshot_date
        and (items.active_until_date is null or items.active_until_date > months.snapshot_date)
),

converted as (
    select
        active_items.*,
        fx.to_reporting_rate,
        {{ to_reporting('active_items.item_mrr_local', 'fx') }} as item_mrr
    from active_items
    {{ fx_join('fx', 'active_items.currency', 'active_items.snapshot_date') }}
),

final as (
    select
        subscription_item_id,
        month_start,
        snapshot_date,
        subscription_id,
        customer_id,
        plan_id,
        product_id,
        product_family,
        currency,
        quantity,
        item_mrr_local,
        to_reporting_rate,
        item_mrr
    from converted
)

select * from final
