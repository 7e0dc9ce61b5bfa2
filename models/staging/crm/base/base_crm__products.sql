with

source as (
    select * from {{ raw_relation('crm', 'products') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('crm', 'products', lower=['product_family']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('crm', 'products')) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('crm', 'products')) }} as key_rank
    from row_checked
),

final as (
    select
        _row_number,
        {{ record_key(contract_key('crm', 'products')) }} as record_key,
        product_id,
        product_name,
        product_family,
        tier_rank,
        coalesce(row_reason, case when key_rank > 1 then 'duplicate key' end) as rejection_reason,
        0 as links_dropped
    from key_ranked
)

select * from final
