with

source as (
    select * from {{ raw_relation('billing', 'subscription_items') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('billing', 'subscription_items') }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('billing', 'subscription_items') + [
            ('quantity < 0', 'negative quantity'),
            ('unit_price < 0', 'negative amount'),
            ('discount_percent < 0 or discount_percent > 100', 'discount outside 0-100'),
            ('valid_to < valid_from', 'valid_to before valid_from'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(['subscription_item_id'], 'valid_from') }} as key_rank
    from row_checked
),

subscriptions as (
    select subscription_id from {{ ref('stg_billing__subscriptions') }}
),

plans as (
    select plan_id from {{ ref('stg_billing__plans') }}
),

linked as (
    select
        key_ranked.*,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end,
            {{ orphan_reason('key_ranked.subscription_id', 'subscriptions', 'subscription_id') }},
            {{ orphan_reason('key_ranked.plan_id', 'plans', 'plan_id') }}
        ) as link_reason
    from key_ranked
    left join subscriptions
        on key_ranked.subscription_id = subscriptions.subscription_id
    left join plans
        on key_ranked.plan_id = plans.plan_id
),

{# Versions of one subscription and plan never overlap: of two that do, the one that
    starts later (then the later in the file) is rejected. -#}
overlap_checked as (
    select
        _row_number as overlap_row_number,
        max(coalesce(valid_to, {{ far_future_timestamp() }})) over (
            partition by subscription_id, plan_id
            order by valid_from, _row_number
            rows between unbounded preceding and 1 preceding
        ) as previous_versions_end
    from linked
    where link_reason is null
),

final as (
    select
        linked._row_number,
        {{ record_key(['subscription_item_id']) }} as record_key,
        linked.subscription_item_id,
        linked.subscription_id,
        linked.plan_id,
        linked.quantity,
        linked.unit_price,
        linked.discount_percent,
        linked.valid_from,
        linked.valid_to,
        coalesce(
            linked.link_reason,
            case
                when overlap_checked.previous_versions_end > linked.valid_from
                    then 'overlapping item version'
            end
        ) as rejection_reason,
        0 as links_dropped
    from linked
    left join overlap_checked
        on linked._row_number = overlap_checked.overlap_row_number
)

select * from final
