with

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

users as (
    select user_id from {{ ref('stg_crm__users') }}
),

accounts as (
    select account_id from {{ ref('linked_crm__accounts') }}
),

final as (
    select
        leads._row_number,
        leads.record_key,
        leads.lead_id,
        leads.created_at,
        leads.channel,
        leads.source,
        {{ kept_link('leads.owner_id', 'users', 'user_id') }} as owner_id,
        leads.status,
        leads.disqualified_reason,
        leads.converted_at,
        {{ kept_link('leads.account_id', 'accounts', 'account_id') }} as account_id,
        leads.company_name,
        leads.is_deleted,
        cast(null as {{ dbt.type_string() }}) as rejection_reason,
        {{ dropped_link('leads.owner_id', 'users', 'user_id') }}
        + {{ dropped_link('leads.account_id', 'accounts', 'account_id') }} as links_dropped
    from leads
    left join users
        on leads.owner_id = users.user_id
    left join accounts
        on leads.account_id = accounts.account_id
)

select * from final
