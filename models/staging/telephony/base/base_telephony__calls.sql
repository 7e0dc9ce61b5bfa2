with

source as (
    select * from {{ raw_relation('telephony', 'calls') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('telephony', 'calls', lower=['direction', 'status']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('telephony', 'calls') + [
            ("direction not in ('inbound', 'outbound')", 'unknown direction'),
            ("status not in ('answered', 'no_answer', 'busy', 'voicemail', 'failed')", 'unknown status'),
            ('wait_seconds < 0 or talk_seconds < 0', 'negative duration'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(['call_id'], 'started_at') }} as key_rank
    from row_checked
),

users as (
    select user_id from {{ ref('stg_crm__users') }}
),

leads as (
    select lead_id from {{ ref('stg_crm__leads') }}
),

deals as (
    select deal_id from {{ ref('stg_crm__deals') }}
),

accounts as (
    select account_id from {{ ref('stg_crm__accounts') }}
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(['call_id']) }} as record_key,
        key_ranked.call_id,
        key_ranked.started_at,
        key_ranked.direction,
        key_ranked.status,
        {{ kept_link('key_ranked.user_id', 'users', 'user_id') }} as user_id,
        {{ kept_link('key_ranked.lead_id', 'leads', 'lead_id') }} as lead_id,
        {{ kept_link('key_ranked.deal_id', 'deals', 'deal_id') }} as deal_id,
        {{ kept_link('key_ranked.account_id', 'accounts', 'account_id') }} as account_id,
        key_ranked.wait_seconds,
        key_ranked.talk_seconds,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason,
        {{ dropped_link('key_ranked.user_id', 'users', 'user_id') }}
        + {{ dropped_link('key_ranked.lead_id', 'leads', 'lead_id') }}
        + {{ dropped_link('key_ranked.deal_id', 'deals', 'deal_id') }}
        + {{ dropped_link('key_ranked.account_id', 'accounts', 'account_id') }} as links_dropped
    from key_ranked
    left join users
        on key_ranked.user_id = users.user_id
    left join leads
        on key_ranked.lead_id = leads.lead_id
    left join deals
        on key_ranked.deal_id = deals.deal_id
    left join accounts
        on key_ranked.account_id = accounts.account_id
)

select * from final
