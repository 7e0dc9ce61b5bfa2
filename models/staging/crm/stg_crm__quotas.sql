with

base as (
    select * from {{ ref('base_crm__quotas') }}
),

final as (
    select
        _row_number,
        record_key,
        user_id,
        quota_month,
        quota_amount,
        currency,
        month
    from base
    where rejection_reason is null
)

select * from final
