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
            ('price < 0', 'negative amount'),
            ('billing_period_months <= 0', 'non-positive billing period'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(['observed_on', 'competitor', 'competitor_product']) }} as key_rank
    from row_checked
),

products as (
    select product_id from {{ ref('stg_crm__products') }}
),

fx_coverage as (
    select * from {{ ref('base_billing__fx_coverage') }}
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(['observed_on', 'competitor', 'competitor_product']) }} as record_key,
        key_ranked.observed_on,
        key_ranked.competitor,
        key_ranked.competitor_product,
        {{ kept_link('key_ranked.product_id', 'products', 'product_id') }} as product_id,
        key_ranked.price,
        key_ranked.currency,
        key_ranked.billing_period_months,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end,
            {{ currency_reason('key_ranked.currency', 'key_ranked.observed_on') }}
        ) as rejection_reason,
        {{ dropped_link('key_ranked.product_id', 'products', 'product_id') }} as links_dropped
    from key_ranked
    left join products
        on key_ranked.product_id = products.product_id
    left join fx_coverage
        on key_ranked.currency = fx_coverage.currency
)

select * from final
