with

source as (
    select * from {{ raw_relation('billing', 'fx_rates') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('billing', 'fx_rates', upper=['currency']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('billing', 'fx_rates') + [
            ("not " ~ regexp_full_match('currency', '[A-Z]{3}'), 'unknown currency'),
            range_rule('billing', 'fx_rates', 'usd_per_unit'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('billing', 'fx_rates')) }} as key_rank
    from row_checked
),

final as (
    select
        _row_number,
        {{ record_key(contract_key('billing', 'fx_rates')) }} as record_key,
        rate_date,
        currency,
        usd_per_unit,
        coalesce(row_reason, case when key_rank > 1 then 'duplicate key' end) as rejection_reason,
        0 as links_dropped
    from key_ranked
)

select * from final
