with

quotas as (
    select * from {{ ref('stg_crm__quotas') }}
),

users as (
    select user_id from {{ ref('stg_crm__users') }}
),

fx_coverage as (
    select * from {{ ref('base_billing__fx_coverage') }}
),

final as (
    select
        quotas._row_number,
        quotas.record_key,
        quotas.user_id,
        quotas.quota_month,
        quotas.quota_amount,
        quotas.currency,
        coalesce(
            {{ orphan_reason('quotas.user_id', 'users', 'user_id') }},
            {{ currency_reason('quotas.currency', 'quotas.month') }}
        ) as rejection_reason,
        0 as links_dropped
    from quotas
    left join users
        on quotas.user_id = users.user_id
    left join fx_coverage
        on quotas.currency = fx_coverage.currency
)

select * from final
