-- Total MRR must be exactly the item MRR of the items active at each month's snapshot,
-- recomputed here straight from the billing tables (not from the revenue intermediates):
-- unit_price x quantity x (1 - discount/100) / billing_period_months of every item version
-- running at the end of the snapshot day whose subscription is running too, at that day's
-- rate. Catches items lost or double-counted on the way through the customer grid.
with

items as (
    select * from {{ ref('linked_billing__subscription_items') }}
),

subscriptions as (
    select * from {{ ref('linked_billing__subscriptions') }}
),

plans as (
    select * from {{ ref('linked_billing__plans') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

mrr as (
    select * from {{ ref('kpi_mrr') }}
),

active_items as (
    select
        months.month_start,
        months.snapshot_date,
        plans.currency,
        cast(items.unit_price as {{ type_double() }}) * items.quantity
        * (1 - cast(items.discount_percent as {{ type_double() }}) / 100)
        / plans.billing_period_months as item_mrr_local
    from items
    inner join subscriptions
        on items.subscription_id = subscriptions.subscription_id
    inner join plans
        on items.plan_id = plans.plan_id
    inner join months
        on
        {{ local_date('items.valid_from') }} <= months.snapshot_date
        and (items.valid_to is null or {{ local_date('items.valid_to') }} > months.snapshot_date)
        and {{ local_date('subscriptions.started_at') }} <= months.snapshot_date
        and (subscriptions.ended_at is null or {{ local_date('subscriptions.ended_at') }} > months.snapshot_date)
),

item_totals as (
    select
        active_items.month_start,
        sum({{ to_reporting('active_items.item_mrr_local', 'fx') }}) as item_mrr_total
    from active_items
    {{ fx_join('fx', 'active_items.currency', 'active_items.snapshot_date') }}
    group by active_items.month_start
),

compared as (
    select
        coalesce(mrr.month, item_totals.month_start) as month_start,
        coalesce(mrr.closing_mrr, 0) as closing_mrr,
        coalesce(item_totals.item_mrr_total, 0) as item_mrr_total
    from mrr
    full outer join item_totals
        on mrr.month = item_totals.month_start
)

select *
from compared
where abs(closing_mrr - item_mrr_total) > 0.005
