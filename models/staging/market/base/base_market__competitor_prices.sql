with

source as (
    select * from {{ raw_relation('market', 'competitor_prices') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('market', 'competitor_prices',
            lower=['competitor'], upper=['currency']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('market', 'competitor_prices') + [
            range_rule('market', 'competitor_prices', 'price'),
            range_rule('market', 'competitor_prices', 'billing_period_months'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('market', 'competitor_prices')) }} as key_rank
    from row_checked
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(contract_key('market', 'competitor_prices')) }} as record_key,
        key_ranked.observed_on,
        key_ranked.competitor,
        key_ranked.competitor_product,
        key_ranked.product_id,
        key_ranked.price,
        key_ranked.currency,
        key_ranked.billing_period_months,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason
    from key_ranked
)

select * from final
