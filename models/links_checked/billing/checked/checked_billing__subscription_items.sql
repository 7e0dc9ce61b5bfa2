with

items as (
    select * from {{ ref('stg_billing__subscription_items') }}
),

subscriptions as (
    select subscription_id from {{ ref('linked_billing__subscriptions') }}
),

plans as (
    select plan_id from {{ ref('linked_billing__plans') }}
),

links_checked as (
    select
        items.*,
        coalesce(
            {{ orphan_reason('items.subscription_id', 'subscriptions', 'subscription_id') }},
            {{ orphan_reason('items.plan_id', 'plans', 'plan_id') }}
        ) as link_reason
    from items
    left join subscriptions
        on items.subscription_id = subscriptions.subscription_id
    left join plans
        on items.plan_id = plans.plan_id
),

{# Versions of one subscription and plan never overlap: of two that do, the one that
    starts later (then the later in the file) is rejected. Only versions whose links hold
    are compared, so this check runs here, after the link checks. -#}
overlap_checked as (
    select
        _row_number as overlap_row_number,
        max(coalesce(valid_to, {{ far_future_timestamp() }})) over (
            partition by subscription_id, plan_id
            order by valid_from, _row_number
            rows between unbounded preceding and 1 preceding
        ) as previous_versions_end
    from links_checked
    where link_reason is null
),

final as (
    select
        links_checked._row_number,
        links_checked.record_key,
        links_checked.subscription_item_id,
        links_checked.subscription_id,
        links_checked.plan_id,
        links_checked.quantity,
        links_checked.unit_price,
        links_checked.discount_percent,
        links_checked.valid_from,
        links_checked.valid_to,
        coalesce(
            links_checked.link_reason,
            case
                when overlap_checked.previous_versions_end > links_checked.valid_from
                    then 'overlapping item version'
            end
        ) as rejection_reason,
        0 as links_dropped
    from links_checked
    left join overlap_checked
        on links_checked._row_number = overlap_checked.overlap_row_number
)

select * from final
