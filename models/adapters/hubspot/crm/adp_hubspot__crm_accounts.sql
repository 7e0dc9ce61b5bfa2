{#- HubSpot companies -> crm__accounts. country: property_country when it is an ISO 3166
    alpha-2 code (upper-cased), else null (HubSpot's country is free text). -#}
with

companies as (
    select * from {{ ref('base_hubspot__company') }}
),

final as (
    select
        id as account_id,
        property_name as account_name,
        property_industry as industry,
        case
            when {{ regexp_full_match('trim(property_country)', '[A-Za-z]{2}') }}
                then upper(trim(property_country))
        end as country,
        property_createdate as created_at,
        property_hubspot_owner_id as owner_id,
        _row_number
    from companies
)

select * from final
