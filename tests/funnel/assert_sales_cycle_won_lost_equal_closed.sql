-- Every closed deal is either won or lost: per close month, won + lost in the mart equals the
-- undeleted deals the staging table shows closed in that month (nothing dropped, nothing twice).
with

period as (
    select * from {{ ref('int_report_period') }}
),

staged as (
    select
        {{ local_month('closed_at') }} as close_month,
        count(*) as deals_closed
    from {{ ref('linked_crm__deals') }}
    cross join period
    where
        not is_deleted
        and closed_at is not null
        and {{ local_date('closed_at') }} <= period.as_of_date
    group by {{ local_month('closed_at') }}
),

mart as (
    select
        close_month,
        sum(deals_won + deals_lost) as deals_won_or_lost,
        sum(deals_closed) as deals_closed
    from {{ ref('kpi_sales_cycle') }}
    group by close_month
)

select
    coalesce(staged.close_month, mart.close_month) as close_month,
    staged.deals_closed as staged_closed,
    mart.deals_won_or_lost as mart_won_or_lost,
    mart.deals_closed as mart_closed
from staged
full outer join mart
    on staged.close_month = mart.close_month
where
    coalesce(staged.deals_closed, 0) != coalesce(mart.deals_won_or_lost, 0)
    or coalesce(staged.deals_closed, 0) != coalesce(mart.deals_closed, 0)
