with

source as (
    select * from {{ raw_relation('billing', 'subscription_items') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('billing', 'subscription_items') }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('billing', 'subscription_items') + [
            range_rule('billing', 'subscription_items', 'quantity'),
            range_rule('billing', 'subscription_items', 'unit_price'),
            range_rule('billing', 'subscription_items', 'discount_percent'),
            ('valid_to < valid_from', 'valid_to before valid_from'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('billing', 'subscription_items'), 'valid_from') }} as key_rank
    from row_checked
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(contract_key('billing', 'subscription_items')) }} as record_key,
        key_ranked.subscription_item_id,
        key_ranked.subscription_id,
        key_ranked.plan_id,
        key_ranked.quantity,
        key_ranked.unit_price,
        key_ranked.discount_percent,
        key_ranked.valid_from,
        key_ranked.valid_to,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason
    from key_ranked
)

select * from final
