{#- Stripe prices (or legacy plans when no price table was landed) -> billing__plans.
    - list_price: unit_amount in minor units / 100 (/ 1 for zero-decimal currencies such as JPY).
    - billing_period_months: months x recurring_interval_count for month, 12 x count for year.
      Weekly and daily prices have no whole number of months: they become monthly prices
      (billing_period_months 1, list price x 52 / 12 per week, x 365 / 12 per day, / count).
      A one-time price has no interval: it passes through empty and is rejected in staging.
    - plan_name: the price's nickname, else its product's name, else its id.
    - available_from: the price's creation date; Stripe records no end of sale (null). -#}
with

prices as (
    select * from {{ ref('base_stripe__price') }}
),

legacy_plans as (
    select * from {{ ref('base_stripe__plan') }}
),

products as (
    select * from {{ ref('base_stripe__product') }}
),

landed as (
    select
        id,
        product_id,
        nickname,
        unit_amount,
        currency,
        lower(trim(recurring_interval)) as recurring_interval,
        coalesce({{ nullif_blank('recurring_interval_count') }}, '1') as interval_count,
        created,
        _row_number
    from prices
    union all
    select
        id,
        product_id,
        nickname,
        amount as unit_amount,
        currency,
        lower(trim(interval)) as recurring_interval,
        coalesce({{ nullif_blank('interval_count') }}, '1') as interval_count,
        created,
        _row_number
    from legacy_plans
    where not exists (select prices.id from prices)
),

product_names as (
    select
        trim(id) as product_id,
        max(name) as product_name
    from products
    group by trim(id)
),

final as (
    select
        landed.id as plan_id,
        landed.product_id,
        coalesce({{ nullif_blank('landed.nickname') }}, product_names.product_name, landed.id) as plan_name,
        case landed.recurring_interval
            when 'month' then landed.interval_count
            when 'year'
                then
                    case
                        when {{ parse_integer('landed.interval_count') }} is null then landed.interval_count
                        else cast({{ parse_integer('landed.interval_count') }} * 12 as {{ dbt.type_string() }})
                    end
            when 'week' then '1'
            when 'day' then '1'
            else landed.recurring_interval
        end as billing_period_months,
        {{ divided_text(minor_units_to_major('landed.unit_amount', 'landed.currency'),
            "case landed.recurring_interval when 'week' then " ~ parse_decimal('landed.interval_count') ~ " * 12.0 / 52"
            ~ " when 'day' then " ~ parse_decimal('landed.interval_count') ~ " * 12.0 / 365 else 1 end") }} as list_price,
        upper(trim(landed.currency)) as currency,
        {{ landed_date('landed.created') }} as available_from,
        cast(null as {{ dbt.type_string() }}) as available_to,
        landed._row_number
    from landed
    left join product_names
        on trim(landed.product_id) = product_names.product_id
)

select * from final
