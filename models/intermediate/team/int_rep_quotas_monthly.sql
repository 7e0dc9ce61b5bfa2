{#- One row per user × month of the report with a quota: the quota in the reporting currency,
    converted at the month's snapshot date (its last day, or as_of_date in the as-of month),
    the same date the month's open pipeline is measured at. -#}
with

quotas as (
    select * from {{ ref('linked_crm__quotas') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

converted as (
    select
        quotas.user_id,
        months.month_start,
        {{ to_reporting('quotas.quota_amount', 'fx') }} as quota_amount
    from quotas
    inner join months
        on quotas.quota_month = months.month_start
    {{ fx_join('fx', 'quotas.currency', 'months.snapshot_date') }}
),

final as (
    select
        user_id,
        month_start,
        sum(quota_amount) as quota_amount
    from converted
    group by
        user_id,
        month_start
)

select * from final
