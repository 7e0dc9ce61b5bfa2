{#- One row per won deal (not deleted, in a won stage, closed on or before as_of_date), with
    its amount converted to the reporting currency at the close date and its product family:
    the CRM side of upsell and cross-sell. -#}
with

deals as (
    select * from {{ ref('linked_crm__deals') }}
),

stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

products as (
    select * from {{ ref('stg_crm__products') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

won as (
    select
        deals.deal_id,
        deals.owner_id,
        deals.account_id,
        deals.deal_type,
        deals.product_id,
        coalesce(products.product_family, 'unknown') as product_family,
        deals.amount,
        deals.currency,
        {{ local_date('deals.closed_at') }} as close_date,
        {{ local_month('deals.closed_at') }} as close_month
    from deals
    inner join stages
        on deals.stage = stages.stage
    left join products
        on deals.product_id = products.product_id
    cross join period
    where
        not deals.is_deleted
        and stages.is_won
        and deals.closed_at is not null
        and {{ local_date('deals.closed_at') }} <= period.as_of_date
),

final as (
    select
        won.deal_id,
        won.owner_id,
        won.account_id,
        won.deal_type,
        won.product_id,
        won.product_family,
        won.amount,
        won.currency,
        cast({{ to_reporting('won.amount', 'fx') }} as {{ type_double() }}) as amount_reporting,
        won.close_date,
        won.close_month
    from won
    {{ fx_join('fx', 'won.currency', 'won.close_date') }}
)

select * from final
