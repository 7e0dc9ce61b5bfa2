with

base as (
    select * from {{ ref('base_billing__fx_rates') }}
),

final as (
    select
        rate_date,
        currency,
        usd_per_unit
    from base
    where rejection_reason is null
)

select * from final
