with

calls as (
    select * from {{ ref('stg_telephony__calls') }}
),

users as (
    select user_id from {{ ref('stg_crm__users') }}
),

leads as (
    select lead_id from {{ ref('linked_crm__leads') }}
),

deals as (
    select deal_id from {{ ref('linked_crm__deals') }}
),

accounts as (
    select account_id from {{ ref('linked_crm__accounts') }}
),

final as (
    select
        calls._row_number,
        calls.record_key,
        calls.call_id,
        calls.started_at,
        calls.direction,
        calls.status,
        {{ kept_link('calls.user_id', 'users', 'user_id') }} as user_id,
        {{ kept_link('calls.lead_id', 'leads', 'lead_id') }} as lead_id,
        {{ kept_link('calls.deal_id', 'deals', 'deal_id') }} as deal_id,
        {{ kept_link('calls.account_id', 'accounts', 'account_id') }} as account_id,
        calls.wait_seconds,
        calls.talk_seconds,
        cast(null as {{ dbt.type_string() }}) as rejection_reason,
        {{ dropped_link('calls.user_id', 'users', 'user_id') }}
        + {{ dropped_link('calls.lead_id', 'leads', 'lead_id') }}
        + {{ dropped_link('calls.deal_id', 'deals', 'deal_id') }}
        + {{ dropped_link('calls.account_id', 'accounts', 'account_id') }} as links_dropped
    from calls
    left join users
        on calls.user_id = users.user_id
    left join leads
        on calls.lead_id = leads.lead_id
    left join deals
        on calls.deal_id = deals.deal_id
    left join accounts
        on calls.account_id = accounts.account_id
)

select * from final
