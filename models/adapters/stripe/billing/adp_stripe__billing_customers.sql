{#- Stripe customers -> billing__customers. account_id: the CRM account id kept in the customer's
    metadata, in the column named by the setting stripe_account_id_field (absent: no CRM link).
    Currency codes are upper-cased; timestamps may be landed as unix seconds (Airbyte). -#}
with

customers as (
    select * from {{ ref('base_stripe__customer') }}
),

final as (
    select
        id as customer_id,
        {{ nullif_blank('crm_account_id') }} as account_id,
        upper(trim(currency)) as currency,
        {{ landed_timestamp('created') }} as created_at,
        _row_number
    from customers
)

select * from final
