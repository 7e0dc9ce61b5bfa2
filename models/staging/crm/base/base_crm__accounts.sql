with

source as (
    select * from {{ raw_relation('crm', 'accounts') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('crm', 'accounts', lower=['industry'], upper=['country']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('crm', 'accounts')) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('crm', 'accounts'), 'created_at') }} as key_rank
    from row_checked
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(contract_key('crm', 'accounts')) }} as record_key,
        key_ranked.account_id,
        key_ranked.account_name,
        key_ranked.industry,
        key_ranked.country,
        key_ranked.created_at,
        key_ranked.owner_id,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason
    from key_ranked
)

select * from final
