{#- One row per subscription item version, with its product family, its MRR in its own
    currency and the days (reporting time zone) on which it is active at the end of the day.
    Item MRR = unit_price x quantity x (1 - discount_percent / 100) / billing_period_months:
    an annual plan counts one twelfth of its price per month, never the whole price. -#}
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

products as (
    select * from {{ ref('stg_crm__products') }}
),

joined as (
    select
        items.subscription_item_id,
        items.subscription_id,
        subscriptions.customer_id,
        items.plan_id,
        plans.product_id,
        products.product_family,
        plans.currency,
        plans.billing_period_months,
        items.quantity,
        items.unit_price,
        items.discount_percent,
        items.valid_from,
        items.valid_to,
        subscriptions.started_at,
        subscriptions.ended_at
    from items
    inner join subscriptions
        on items.subscription_id = subscriptions.subscription_id
    inner join plans
        on items.plan_id = plans.plan_id
    left join products
        on plans.product_id = products.product_id
),

-- An item counts at the end of day D when it started on or before D and did not end on or
-- before D (valid_to and ended_at are exclusive), and so does its subscription.
active_days as (
    select
        *,
        case
            when {{ local_date('valid_from') }} >= {{ local_date('started_at') }}
                then {{ local_date('valid_from') }}
            else {{ local_date('started_at') }}
        end as active_from_date,
        case
            when valid_to is null then {{ local_date('ended_at') }}
            when ended_at is null then {{ local_date('valid_to') }}
            when valid_to <= ended_at then {{ local_date('valid_to') }}
            else {{ local_date('ended_at') }}
        end as active_until_date
    from joined
),

final as (
    select
        subscription_item_id,
        subscription_id,
        customer_id,
        plan_id,
        product_id,
        coalesce(product_family, 'unknown') as product_family,
        currency,
        billing_period_months,
        quantity,
        unit_price,
        discount_percent,
        cast(unit_price as {{ type_double() }})
        * quantity
        * (1 - cast(discount_percent as {{ type_double() }}) / 100)
        / billing_period_months as item_mrr_local,
        active_from_date,
        active_until_date,
        valid_from,
        valid_to,
        started_at,
        ended_at
    from active_days
)

select * from final
