{#- The MRR month spine: the calendar months from the first month with any subscription
    (reporting time zone) to the month of as_of_date. Read from the data, never hard-coded. -#}
with

months as (
    select * from {{ ref('int_calendar_months') }}
),

subscriptions as (
    select * from {{ ref('linked_billing__subscriptions') }}
),

first_subscription as (
    select min({{ local_month('started_at') }}) as first_subscription_month
    from subscriptions
),

spine as (
    select
        months.month_start,
        months.month_end,
        months.snapshot_date,
        months.is_as_of_month
    from months
    cross join first_subscription
    where months.month_start >= first_subscription.first_subscription_month
),

final as (
    select
        month_start,
        cast({{ dbt.dateadd('month', -1, 'month_start') }} as date) as previous_month_start,
        month_end,
        snapshot_date,
        cast({{ dbt.dateadd('day', -1, 'month_start') }} as date) as previous_snapshot_date,
        is_as_of_month
    from spine
)

select * from final
