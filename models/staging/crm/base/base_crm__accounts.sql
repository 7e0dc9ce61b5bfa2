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
        {{ key_rank(['account_id'], 'created_at') }} as key_rank
    from row_checked
),

users as (
    select user_id from {{ ref('stg_crm__users') }}
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(['account_id']) }} as record_key,
        key_ranked.account_id,
        key_ranked.account_name,
        key_ranked.industry,
        key_ranked.country,
        key_ranked.created_at,
        {{ kept_link('key_ranked.owner_id', 'users', 'user_id') }} as owner_id,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason,
        {{ dropped_link('key_ranked.owner_id', 'users', 'user_id') }} as links_dropped
    from key_ranked
    left join users
        on key_ranked.owner_id = users.user_id
)

select * from final
