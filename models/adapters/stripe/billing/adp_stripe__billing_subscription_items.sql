{#- Stripe subscription items -> billing__subscription_items: one row per version of an item.
    - An item runs from its created time to its subscription's ended_at. When the item history
      was landed (Fivetran history mode: a non-empty subscription_item_history), each history
      row is a version instead: it runs from its _fivetran_start to the next version's start,
      or, for the last one, to its subscription's ended_at while it is active (an
      _fivetran_end in year 9999 or _fivetran_active) and to its _fivetran_end once the item
      was removed. The first version keeps the item's id, later ones are '<id>~<start>'.
    - plan_id: price_id (plan_id on older landings); unit_price: that price's list price as in
      adp_stripe__billing_plans (major units, weekly / daily prices made monthly).
    - Discounts (optional discount + coupon tables): a percent_off coupon is the item's
      discount_percent over the discount's dates (start, end); an amount_off coupon becomes
      the percent it takes off the item's amount (unit price x quantity). A coupon whose
      duration is 'once' takes money off one invoice only and does not change recurring
      revenue: it is not applied. A discount on one item (its subscription_item column set,
      Stripe's item-level discounts) applies to that item only. When a discount starts or
      ends while an item runs, the item is split there into versions (the first keeps the
      item's id, the next ones are '<id>~<start>'), so the discount changes MRR from then on.
    - A value that does not convert (a quantity that is not a number, a created time that does
      not parse) passes through unchanged for staging to reject; such an item is not split. -#}
with

current_items as (
    select * from {{ ref('base_stripe__subscription_item') }}
),

item_history as (
    select * from {{ ref('base_stripe__subscription_item_history') }}
),

history_versions as (
    select
        *,
        row_number() over (
            partition by trim(id) order by {{ landed_timestamp('_fivetran_start') }}, _row_number
        ) as version_number,
        lead({{ landed_timestamp('_fivetran_start') }}) over (
            partition by trim(id) order by {{ landed_timestamp('_fivetran_start') }}, _row_number
        ) as next_version_from
    from item_history
),

items as (
    select
        id,
        trim(id) as item_key,
        subscription_id,
        price_id,
        plan_id,
        quantity,
        created,
        cast(null as {{ dbt.type_string() }}) as version_from,
        cast(null as {{ dbt.type_string() }}) as version_to,
        0 as ends_with_subscription,
        _row_number
    from current_items
    where not exists (select item_history.id from item_history)
    union all
    select
        case
            when version_number = 1 then id
            else id || '~' || {{ landed_timestamp('_fivetran_start') }}
        end as id,
        trim(id) as item_key,
        subscription_id,
        price_id,
        plan_id,
        quantity,
        created,
        {{ landed_timestamp('_fivetran_start') }} as version_from,
        coalesce(
            next_version_from,
            case
                when {{ nullif_blank('_fivetran_end') }} is null then null
                when {{ parse_boolean('_fivetran_active') }} then null
                when substring(trim(_fivetran_end), 1, 4) = '9999' then null
                else {{ landed_timestamp('_fivetran_end') }}
            end
        ) as version_to,
        case
            when next_version_from is not null then 0
            when {{ nullif_blank('_fivetran_end') }} is null then 1
            when {{ parse_boolean('_fivetran_active') }} then 1
            when substring(trim(_fivetran_end), 1, 4) = '9999' then 1
            else 0
        end as ends_with_subscription,
        _row_number
    from history_versions
),

subscriptions as (
    select * from {{ ref('base_stripe__subscription') }}
),

plans as (
    select * from {{ ref('adp_stripe__billing_plans') }}
),

subscription_ends as (
    -- one row per id for the lookup: a duplicate id is rejected in staging, it must not
    -- multiply an item here
    select
        trim(id) as subscription_id,
        ended_at,
        row_number() over (partition by trim(id) order by _row_number) as id_rank
    from subscriptions
),

plan_prices as (
    select
        trim(plan_id) as plan_id,
        list_price,
        row_number() over (partition by trim(plan_id) order by _row_number) as id_rank
    from plans
),

discounts as (
    select * from {{ ref('base_stripe__discount') }}
),

coupons as (
    select * from {{ ref('base_stripe__coupon') }}
),

item_spans as (
    select
        items._row_number,
        items.id,
        items.item_key,
        items.subscription_id,
        coalesce({{ nullif_blank('items.price_id') }}, items.plan_id) as plan_id,
        items.quantity,
        coalesce(items.version_from, {{ landed_timestamp('items.created') }}) as valid_from,
        case
            when items.version_from is null or items.ends_with_subscription = 1
                then {{ landed_timestamp('subscription_ends.ended_at') }}
            else items.version_to
        end as valid_to,
        {{ parse_timestamp('coalesce(items.version_from, ' ~ landed_timestamp('items.created') ~ ')') }}
            as valid_from_at,
        {{ parse_timestamp(
            'case when items.version_from is null or items.ends_with_subscription = 1 then '
            ~ landed_timestamp('subscription_ends.ended_at') ~ ' else items.version_to end') }} as valid_to_at
    from items
    left join subscription_ends
        on trim(items.subscription_id) = subscription_ends.subscription_id
        and subscription_ends.id_rank = 1
),

discount_spans as (
    select
        trim(discounts.subscription_id) as subscription_id,
        {{ nullif_blank('trim(discounts.subscription_item)') }} as subscription_item_id,
        {{ parse_timestamp(landed_timestamp('discounts.discount_start')) }} as starts_at,
        {{ parse_timestamp(landed_timestamp('discounts.discount_end')) }} as ends_at,
        coupons.percent_off,
        {{ minor_units_to_major('coupons.amount_off', 'coupons.currency') }} as amount_off
    from discounts
    inner join coupons
        on trim(discounts.coupon_id) = trim(coupons.id)
    where
        coalesce(lower(trim(coupons.duration)), '') != 'once'
        and {{ parse_timestamp(landed_timestamp('discounts.discount_start')) }} is not null
),

boundaries as (
    select
        item_spans._row_number,
        discount_spans.starts_at as boundary_at
    from item_spans
    inner join discount_spans
        on trim(item_spans.subscription_id) = discount_spans.subscription_id
        and coalesce(discount_spans.subscription_item_id, item_spans.item_key) = item_spans.item_key
    where
        discount_spans.starts_at > item_spans.valid_from_at
        and (item_spans.valid_to_at is null or discount_spans.starts_at < item_spans.valid_to_at)
    union
    select
        item_spans._row_number,
        discount_spans.ends_at as boundary_at
    from item_spans
    inner join discount_spans
        on trim(item_spans.subscription_id) = discount_spans.subscription_id
        and coalesce(discount_spans.subscription_item_id, item_spans.item_key) = item_spans.item_key
    where
        discount_spans.ends_at > item_spans.valid_from_at
        and (item_spans.valid_to_at is null or discount_spans.ends_at < item_spans.valid_to_at)
),

version_starts as (
    select
        _row_number,
        valid_from_at as version_from_at,
        1 as is_first
    from item_spans
    union all
    select
        _row_number,
        boundary_at as version_from_at,
        0 as is_first
    from boundaries
),

versions as (
    select
        _row_number,
        version_from_at,
        is_first,
        lead(version_from_at)
            over (partition by _row_number order by is_first desc, version_from_at asc)
            as version_to_at
    from version_starts
),

version_discounts as (
    select
        versions._row_number,
        versions.version_from_at,
        discount_spans.percent_off,
        discount_spans.amount_off,
        row_number() over (
            partition by versions._row_number, versions.version_from_at
            order by discount_spans.starts_at desc
        ) as discount_rank
    from versions
    inner join item_spans
        on versions._row_number = item_spans._row_number
    inner join discount_spans
        on trim(item_spans.subscription_id) = discount_spans.subscription_id
        and coalesce(discount_spans.subscription_item_id, item_spans.item_key) = item_spans.item_key
        and versions.version_from_at >= discount_spans.starts_at
        and (discount_spans.ends_at is null or versions.version_from_at < discount_spans.ends_at)
),

final as (
    select
        case
            when versions.is_first = 1 then item_spans.id
            else item_spans.id || '~' || cast(versions.version_from_at as {{ dbt.type_string() }})
        end as subscription_item_id,
        item_spans.subscription_id,
        item_spans.plan_id,
        item_spans.quantity,
        plan_prices.list_price as unit_price,
        case
            when version_discounts.percent_off is not null then version_discounts.percent_off
            when {{ parse_decimal('version_discounts.amount_off') }} is not null
                then cast(cast(
                        {{ parse_decimal('version_discounts.amount_off') }} * 100
                        / nullif(
                            {{ parse_decimal('plan_prices.list_price') }} * {{ parse_decimal('item_spans.quantity') }},
                            0
                        )
                        as {{ dbt.type_numeric() }}
                    ) as {{ dbt.type_string() }})
            when version_discounts.amount_off is not null then version_discounts.amount_off
            else '0'
        end as discount_percent,
        case
            when versions.is_first = 1 then item_spans.valid_from
            else cast(versions.version_from_at as {{ dbt.type_string() }})
        end as valid_from,
        case
            when versions.version_to_at is not null then cast(versions.version_to_at as {{ dbt.type_string() }})
            else item_spans.valid_to
        end as valid_to,
        row_number() over (
            order by item_spans._row_number asc, versions.is_first desc, versions.version_from_at asc
        ) as _row_number
    from versions
    inner join item_spans
        on versions._row_number = item_spans._row_number
    left join plan_prices
        on trim(item_spans.plan_id) = plan_prices.plan_id
        and plan_prices.id_rank = 1
    left join version_discounts
        on versions._row_number = version_discounts._row_number
        and versions.version_from_at = version_discounts.version_from_at
        and version_discounts.discount_rank = 1
)

select * from final
