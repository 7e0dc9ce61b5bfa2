with

source as (
    select * from {{ raw_relation('crm', 'quotas') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('crm', 'quotas', upper=['currency']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('crm', 'quotas') + [
            ('quota_amount < 0', 'negative amount'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(['user_id', 'month']) }} as key_rank
    from row_checked
),

users as (
    select user_id from {{ ref('stg_crm__users') }}
),

fx_coverage as (
    select * from {{ ref('base_billing__fx_coverage') }}
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(['user_id', 'month']) }} as record_key,
        key_ranked.user_id,
        {{ month_of('key_ranked.month') }} as quota_month,
        key_ranked.quota_amount,
        key_ranked.currency,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end,
            {{ orphan_reason('key_ranked.user_id', 'users', 'user_id') }},
            {{ currency_reason('key_ranked.currency', 'key_ranked.month') }}
        ) as rejection_reason,
        0 as links_dropped
    from key_ranked
    left join users
        on key_ranked.user_id = users.user_id
    left join fx_coverage
        on key_ranked.currency = fx_coverage.currency
)

select * from final
