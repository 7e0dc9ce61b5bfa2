with

plans as (
    select * from {{ ref('stg_billing__plans') }}
),

products as (
    select product_id from {{ ref('stg_crm__products') }}
),

fx_coverage as (
    select * from {{ ref('base_billing__fx_coverage') }}
),

final as (
    select
        plans._row_number,
        plans.record_key,
        plans.plan_id,
        plans.product_id,
        plans.plan_name,
        plans.billing_period_months,
        plans.list_price,
        plans.currency,
        plans.available_from,
        plans.available_to,
        coalesce(
            {{ orphan_reason('plans.product_id', 'products', 'product_id') }},
            {{ currency_reason('plans.currency', 'plans.available_from') }}
        ) as rejection_reason,
        0 as links_dropped
    from plans
    left join products
        on plans.product_id = products.product_id
    left join fx_coverage
        on plans.currency = fx_coverage.currency
)

select * from final
