with

source as (
    select * from {{ raw_relation('billing', 'customers') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('billing', 'customers', upper=['currency']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('billing', 'customers')) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(['customer_id'], 'created_at') }} as key_rank
    from row_checked
),

accounts as (
    select account_id from {{ ref('stg_crm__accounts') }}
),

fx_coverage as (
    select * from {{ ref('base_billing__fx_coverage') }}
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(['customer_id']) }} as record_key,
        key_ranked.customer_id,
        {{ kept_link('key_ranked.account_id', 'accounts', 'account_id') }} as account_id,
        key_ranked.currency,
        key_ranked.created_at,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end,
            {{ currency_reason('key_ranked.currency', 'cast(key_ranked.created_at as date)') }}
        ) as rejection_reason,
        {{ dropped_link('key_ranked.account_id', 'accounts', 'account_id') }} as links_dropped
    from key_ranked
    left join accounts
        on key_ranked.account_id = accounts.account_id
    left join fx_coverage
        on key_ranked.currency = fx_coverage.currency
)

select * from final
