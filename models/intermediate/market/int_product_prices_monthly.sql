{#- One row per month × product with a plan available in the month or a subscription item
    active at the month's snapshot date: our lowest list price and our realised (net) price,
    both normalised to a monthly price per seat in the reporting currency at the month's rate. -#}
with

months as (
    select * from {{ ref('int_calendar_months') }}
),

plans as (
    select * from {{ ref('linked_billing__plans') }}
),

items as (
    select * from {{ ref('linked_billing__subscription_items') }}
),

subscriptions as (
    select * from {{ ref('linked_billing__subscriptions') }}
),

available_plans as (
    {#- "Plans of P available in M" (kpi_definitions.md section 7): available on at least one day
        of the month up to its snapshot date, so a plan withdrawn mid-month still counts in that
        month. available_to is exclusive: a plan ending on the 1st was last available the day
        before. A plan starting after as_of_date does not count in the as-of month. -#}
    select
        months.month_start,
        plans.product_id,
        plans.plan_id,
        {{ to_reporting(
            'cast(plans.list_price as ' ~ type_double() ~ ') / plans.billing_period_months',
            'fx') }} as list_price_monthly
    from months
    inner join plans
        on months.snapshot_date >= plans.available_from
        and (plans.available_to is null or months.month_start < plans.available_to)
    {{ fx_join('fx', 'plans.currency', 'months.snapshot_date') }}
),

list_prices as (
    select
        month_start,
        product_id,
        count(*) as plans_available,
        min(list_price_monthly) as our_list_price
    from available_plans
    group by
        month_start,
        product_id
),

active_items as (
    {#- End-of-month snapshot, as for MRR: an item (and its subscription) active at the end of
        the snapshot date in the reporting time zone; valid_to and ended_at are exclusive. -#}
    select
        months.month_start,
        plans.product_id,
        items.subscription_item_id,
        items.quantity,
        {{ to_reporting(
            'cast(items.unit_price as ' ~ type_double() ~ ') * (1 - cast(items.discount_percent as '
            ~ type_double() ~ ') / 100) / plans.billing_period_months',
            'fx') }} as net_unit_price_monthly
    from months
    inner join items
        on {{ local_date('items.valid_from') }} <= months.snapshot_date
        and (items.valid_to is null or {{ local_date('items.valid_to') }} > months.snapshot_date)
    inner join subscriptions
        on items.subscription_id = subscriptions.subscription_id
        and {{ local_date('subscriptions.started_at') }} <= months.snapshot_date
        and (
            subscriptions.ended_at is null
            or {{ local_date('subscriptions.ended_at') }} > months.snapshot_date
        )
    inner join plans
        on items.plan_id = plans.plan_id
    {{ fx_join('fx', 'plans.currency', 'months.snapshot_date') }}
),

realised_prices as (
    select
        month_start,
        product_id,
        count(*) as items_active,
        sum(quantity) as seats_active,
        sum(net_unit_price_monthly) as realised_price_total,
        sum(net_unit_price_monthly * quantity) as realised_mrr_total
    from active_items
    group by
        month_start,
        product_id
),

product_months as (
    select
        month_start,
        product_id
    from list_prices
    union
    select
        month_start,
        product_id
    from realised_prices
),

final as (
    select
        product_months.month_start,
        product_months.product_id,
        coalesce(list_prices.plans_available, 0) as plans_available,
        list_prices.our_list_price,
        coalesce(realised_prices.items_active, 0) as items_active,
        coalesce(realised_prices.seats_active, 0) as seats_active,
        coalesce(realised_prices.realised_price_total, 0) as realised_price_total,
        coalesce(realised_prices.realised_mrr_total, 0) as realised_mrr_total,
        {{ safe_divide('realised_prices.realised_price_total', 'realised_prices.items_active') }}
            as our_realised_price,
        {{ safe_divide('realised_prices.realised_mrr_total', 'realised_prices.seats_active') }}
            as our_realised_price_per_seat
    from product_months
    left join list_prices
        on product_months.month_start = list_prices.month_start
        and product_months.product_id = list_prices.product_id
    left join realised_prices
        on product_months.month_start = realised_prices.month_start
        and product_months.product_id = realised_prices.product_id
)

select * from final
