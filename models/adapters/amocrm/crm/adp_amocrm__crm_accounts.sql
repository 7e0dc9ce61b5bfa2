{#- amoCRM companies -> crm__accounts (created_at in unix seconds). amoCRM companies carry no
    industry or country in the columns read (custom fields differ per account): null. -#}
with

companies as (
    select * from {{ ref('base_amocrm__companies') }}
),

final as (
    select
        id as account_id,
        name as account_name,
        cast(null as {{ dbt.type_string() }}) as industry,
        cast(null as {{ dbt.type_string() }}) as country,
        {{ landed_timestamp('created_at') }} as created_at,
        responsible_user_id as owner_id,
        _row_number
    from companies
)

select * from final
