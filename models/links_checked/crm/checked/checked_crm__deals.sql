with

deals as (
    select * from {{ ref('stg_crm__deals') }}
),

users as (
    select user_id from {{ ref('stg_crm__users') }}
),

accounts as (
    select account_id from {{ ref('linked_crm__accounts') }}
),

leads as (
    select
        lead_id,
        created_at
    from {{ ref('linked_crm__leads') }}
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

final as (
    select
        deals._row_number,
        deals.record_key,
        deals.deal_id,
        {{ kept_link('deals.account_id', 'accounts', 'account_id') }} as account_id,
        {{ kept_link('deals.lead_id', 'leads', 'lead_id') }} as lead_id,
        deals.owner_id,
        deals.deal_type,
        {{ kept_link('deals.product_id', 'products', 'product_id') }} as product_id,
        deals.stage,
        deals.amount,
        deals.currency,
        deals.created_at,
        deals.expected_close_on,
        deals.closed_at,
        deals.lost_reason,
        deals.is_deleted,
        coalesce(
            {{ orphan_reason('deals.stage', 'stages', 'stage') }},
            {{ orphan_reason('deals.owner_id', 'users', 'user_id') }},
            case
                when stages.is_closed and deals.closed_at is null then 'closed stage without closed_at'
                when not stages.is_closed and deals.closed_at is not null then 'closed_at on an open stage'
            end,
            -- The sales cycle starts at the lead's creation: a deal closed before its own lead
            -- existed would have a negative cycle, which the definitions call bad input.
            case when deals.closed_at < leads.created_at then 'closed before its lead was created' end,
            {{ currency_reason('deals.currency', 'cast(deals.created_at as date)') }}
        ) as rejection_reason,
        {{ dropped_link('deals.account_id', 'accounts', 'account_id') }}
        + {{ dropped_link('deals.lead_id', 'leads', 'lead_id') }}
        + {{ dropped_link('deals.product_id', 'products', 'product_id') }} as links_dropped
    from deals
    left join users
        on deals.owner_id = users.user_id
    left join accounts
        on deals.account_id = accounts.account_id
    left join leads
        on deals.lead_id = leads.lead_id
    left join products
        on deals.product_id = products.product_id
    left join stages
        on deals.stage = stages.stage
    left join fx_coverage
        on deals.currency = fx_coverage.currency
)

select * from final
