with

base as (
    select * from {{ ref('base_crm__quotas') }}
),

final as (
    select
        user_id,
        quota_month,
        quota_amount,
        currency
    from base
    where rejection_reason is null
)

select * from final
