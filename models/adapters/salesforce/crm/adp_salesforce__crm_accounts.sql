{#- Salesforce accounts -> crm__accounts. country: billing_country when it is an ISO 3166
    alpha-2 code (upper-cased), else null (a free-text country name is not a code).
    is_deleted has no contract column: a deleted account stays, as deals may point at it. -#}
with

accounts as (
    select * from {{ ref('base_salesforce__account') }}
),

final as (
    select
        id as account_id,
        name as account_name,
        industry,
        case
            when {{ regexp_full_match('trim(billing_country)', '[A-Za-z]{2}') }}
                then upper(trim(billing_country))
        end as country,
        created_date as created_at,
        owner_id,
        _row_number
    from accounts
)

select * from final
