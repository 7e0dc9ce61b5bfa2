{#- One row per currency that can be converted: its first rate date. USD is the pivot of
    every rate, so it is always convertible. -#}
with

rates as (
    select * from {{ ref('stg_billing__fx_rates') }}
),

listed as (
    select
        currency,
        min(rate_date) as first_rate_date
    from rates
    group by currency
),

usd as (
    select
        'USD' as currency,
        cast('1900-01-01' as date) as first_rate_date
),

final as (
    select
        currency,
        first_rate_date
    from listed
    where currency != 'USD'
    union all
    select
        currency,
        first_rate_date
    from usd
)

select * from final
