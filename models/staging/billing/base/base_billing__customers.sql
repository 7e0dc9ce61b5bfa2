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
        {{ key_rank(contract_key('billing', 'customers'), 'created_at') }} as key_rank
    from row_checked
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(contract_key('billing', 'customers')) }} as record_key,
        key_ranked.customer_id,
        key_ranked.account_id,
        key_ranked.currency,
        key_ranked.created_at,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason
    from key_ranked
)

select * from final
