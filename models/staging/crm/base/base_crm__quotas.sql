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
            range_rule('crm', 'quotas', 'quota_amount'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('crm', 'quotas')) }} as key_rank
    from row_checked
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(contract_key('crm', 'quotas')) }} as record_key,
        key_ranked.user_id,
        {{ month_of('key_ranked.month') }} as quota_month,
        key_ranked.month,
        key_ranked.quota_amount,
        key_ranked.currency,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason
    from key_ranked
)

select * from final
