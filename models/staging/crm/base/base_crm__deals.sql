with

source as (
    select * from {{ raw_relation('crm', 'deals') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('crm', 'deals',
            lower=['deal_type', 'stage', 'lost_reason'], upper=['currency']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('crm', 'deals') + [
            ("deal_type not in ('new_business', 'upsell', 'cross_sell', 'renewal')", 'unknown deal_type'),
            ('amount < 0', 'negative amount'),
            ('amount is not null and currency is null', 'missing currency'),
            ('closed_at < created_at', 'closed before created'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(['deal_id'], 'created_at') }} as key_rank
    from row_checked
),

users as (
    select user_id from {{ ref('stg_crm__users') }}
),

accounts as (
    select account_id from {{ ref('stg_crm__accounts') }}
),

leads as (
    select
        lead_id,
        created_at
    from {{ ref('stg_crm__leads') }}
),

products as (
    select product_id from {{ ref('stg_crm__products') }}
),

stages as (
    select
        stage,
        is_closed
    from {{ ref('stg_crm__pipeline_stages') }}
),

fx_coverage as (
    select * from {{ ref('base_billing__fx_coverage') }}
),

linked as (
    select
        key_ranked.*,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end,
            {{ orphan_reason('key_ranked.stage', 'stages', 'stage') }},
            {{ orphan_reason('key_ranked.owner_id', 'users', 'user_id') }},
            case
                when stages.is_closed and key_ranked.closed_at is null then 'closed stage without closed_at'
                when not stages.is_closed and key_ranked.closed_at is not null then 'closed_at on an open stage'
            end,
            -- The sales cycle starts at the lead's creation: a deal closed before its own lead
            -- existed would have a negative cycle, which the definitions call bad input.
            case when key_ranked.closed_at < leads.created_at then 'closed before its lead was created' end,
            {{ currency_reason('key_ranked.currency', 'cast(key_ranked.created_at as date)') }}
        ) as rejection_reason,
        {{ kept_link('key_ranked.account_id', 'accounts', 'account_id') }} as kept_account_id,
        {{ kept_link('key_ranked.lead_id', 'leads', 'lead_id') }} as kept_lead_id,
        {{ kept_link('key_ranked.product_id', 'products', 'product_id') }} as kept_product_id,
        {{ dropped_link('key_ranked.account_id', 'accounts', 'account_id') }}
        + {{ dropped_link('key_ranked.lead_id', 'leads', 'lead_id') }}
        + {{ dropped_link('key_ranked.product_id', 'products', 'product_id') }} as links_dropped
    from key_ranked
    left join users
        on key_ranked.owner_id = users.user_id
    left join accounts
        on key_ranked.account_id = accounts.account_id
    left join leads
        on key_ranked.lead_id = leads.lead_id
    left join products
        on key_ranked.product_id = products.product_id
    left join stages
        on key_ranked.stage = stages.stage
    left join fx_coverage
        on key_ranked.currency = fx_coverage.currency
),

final as (
    select
        _row_number,
        {{ record_key(['deal_id']) }} as record_key,
        deal_id,
        kept_account_id as account_id,
        kept_lead_id as lead_id,
        owner_id,
        deal_type,
        kept_product_id as product_id,
        stage,
        amount,
        currency,
        created_at,
        expected_close_on,
        closed_at,
        lost_reason,
        is_deleted,
        rejection_reason,
        links_dropped
    from linked
)

select * from final
