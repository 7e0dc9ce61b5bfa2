{#- Bitrix24 companies (crm.company.list) -> crm__accounts. INDUSTRY is Bitrix24's industry id
    (IT, MANUFACTURING, ...), lower-cased; no country in the columns read (null). -#}
with

companies as (
    select * from {{ ref('base_bitrix24__companies') }}
),

final as (
    select
        id as account_id,
        title as account_name,
        lower(trim(industry)) as industry,
        cast(null as {{ dbt.type_string() }}) as country,
        date_create as created_at,
        assigned_by_id as owner_id,
        _row_number
    from companies
)

select * from final
