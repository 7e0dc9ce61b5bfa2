with

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

users as (
    select user_id from {{ ref('stg_crm__users') }}
),

final as (
    select
        accounts._row_number,
        accounts.record_key,
        accounts.account_id,
        accounts.account_name,
        accounts.industry,
        accounts.country,
        accounts.created_at,
        {{ kept_link('accounts.owner_id', 'users', 'user_id') }} as owner_id,
        cast(null as {{ dbt.type_string() }}) as rejection_reason,
        {{ dropped_link('accounts.owner_id', 'users', 'user_id') }} as links_dropped
    from accounts
    left join users
        on accounts.owner_id = users.user_id
)

select * from final
