{#- One row per billing customer: the CRM account it is linked to, the account's owner and
    the acquisition channel (billing customer -> CRM account -> the account's earliest
    converted lead). No link at any step -> 'unattributed': kept, never dropped. -#}
with

customers as (
    select * from {{ ref('linked_billing__customers') }}
),

accounts as (
    select * from {{ ref('linked_crm__accounts') }}
),

acquisition as (
    select * from {{ ref('int_accounts_acquisition_channel') }}
),

final as (
    select
        customers.customer_id,
        customers.account_id,
        accounts.owner_id,
        acquisition.acquisition_lead_id,
        coalesce(acquisition.acquisition_channel, 'unattributed') as acquisition_channel,
        coalesce(acquisition.acquisition_source, 'unattributed') as acquisition_source,
        customers.currency as billing_currency,
        customers.created_at
    from customers
    left join accounts
        on customers.account_id = accounts.account_id
    left join acquisition
        on customers.account_id = acquisition.account_id
)

select * from final
