with

customers as (
    select * from {{ ref('stg_billing__customers') }}
),

accounts as (
    select account_id from {{ ref('linked_crm__accounts') }}
),

fx_coverage as (
    select * from {{ ref('base_billing__fx_coverage') }}
),

final as (
    select
        customers._row_number,
        customers.record_key,
        customers.customer_id,
        {{ kept_link('customers.account_id', 'accounts', 'account_id') }} as account_id,
        customers.currency,
        customers.created_at,
        coalesce(
            {{ currency_reason('customers.currency', 'cast(customers.created_at as date)') }}
        ) as rejection_reason,
        {{ dropped_link('customers.account_id', 'accounts', 'account_id') }} as links_dropped
    from customers
    left join accounts
        on customers.account_id = accounts.account_id
    left join fx_coverage
        on customers.currency = fx_coverage.currency
)

select * from final
