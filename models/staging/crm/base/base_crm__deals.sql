with

source as (
    select * from {{ raw_relation('crm', 'deals') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('crm', 'deals',
            lower=['deal_type', 'stage', 'lost_reason'], upper=['currency']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('crm', 'deals') + [
            enumeration_rule('crm', 'deals', 'deal_type'),
            range_rule('crm', 'deals', 'amount'),
            ('amount is not null and currency is null', 'missing currency'),
            ('closed_at < created_at', 'closed before created'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('crm', 'deals'), 'created_at') }} as key_rank
    from row_checked
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(contract_key('crm', 'deals')) }} as record_key,
        key_ranked.deal_id,
        key_ranked.account_id,
        key_ranked.lead_id,
        key_ranked.owner_id,
        key_ranked.deal_type,
        key_ranked.product_id,
        key_ranked.stage,
        key_ranked.amount,
        key_ranked.currency,
        key_ranked.created_at,
        key_ranked.expected_close_on,
        key_ranked.closed_at,
        key_ranked.lost_reason,
        key_ranked.is_deleted,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason
    from key_ranked
)

select * from final
