with

source as (
    select * from {{ raw_relation('billing', 'plans') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('billing', 'plans', upper=['currency']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('billing', 'plans') + [
            range_rule('billing', 'plans', 'billing_period_months'),
            range_rule('billing', 'plans', 'list_price'),
            ('available_to <= available_from', 'available_to not after available_from'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('billing', 'plans')) }} as key_rank
    from row_checked
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(contract_key('billing', 'plans')) }} as record_key,
        key_ranked.plan_id,
        key_ranked.product_id,
        key_ranked.plan_name,
        key_ranked.billing_period_months,
        key_ranked.list_price,
        key_ranked.currency,
        key_ranked.available_from,
        key_ranked.available_to,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason
    from key_ranked
)

select * from final
