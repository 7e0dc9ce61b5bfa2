with

checked as (
    select * from {{ ref('checked_crm__quotas') }}
),

final as (
    select
        user_id,
        quota_month,
        quota_amount,
        currency
    from checked
    where rejection_reason is null
)

select * from final
