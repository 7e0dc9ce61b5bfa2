-- Loss reasons split exactly the lost deals of kpi_sales_cycle: per close month and owner, the
-- lost deals and amount agree to the cent (both ways), and the shares of a month add up to 1.
with

losses as (
    select * from {{ ref('kpi_loss_reasons') }}
),

sales_cycle as (
    select * from {{ ref('kpi_sales_cycle') }}
),

losses_by_owner as (
    select
        close_month,
        owner_id,
        sum(lost_deals) as lost_deals,
        sum(lost_amount) as lost_amount
    from losses
    group by
        close_month,
        owner_id
),

cycle_by_owner as (
    select
        close_month,
        owner_id,
        sum(deals_lost) as lost_deals,
        sum(lost_amount) as lost_amount
    from sales_cycle
    group by
        close_month,
        owner_id
    having sum(deals_lost) > 0
),

shares as (
    select
        close_month,
        sum(share_of_lost_deals) as share_of_lost_deals,
        sum(coalesce(share_of_lost_amount, 0)) as share_of_lost_amount,
        max(month_lost_amount) as month_lost_amount
    from losses
    group by close_month
)

select
    coalesce(losses_by_owner.close_month, cycle_by_owner.close_month) as close_month,
    coalesce(losses_by_owner.owner_id, cycle_by_owner.owner_id) as owner_id,
    'owner' as check_name
from losses_by_owner
full outer join cycle_by_owner
    on losses_by_owner.close_month = cycle_by_owner.close_month
    and losses_by_owner.owner_id = cycle_by_owner.owner_id
where
    coalesce(losses_by_owner.lost_deals, 0) != coalesce(cycle_by_owner.lost_deals, 0)
    or abs(coalesce(losses_by_owner.lost_amount, 0) - coalesce(cycle_by_owner.lost_amount, 0)) > 0.005
union all
select
    close_month,
    cast(null as {{ dbt.type_string() }}) as owner_id,
    'shares' as check_name
from shares
where
    abs(share_of_lost_deals - 1) > 0.000001
    or (month_lost_amount > 0 and abs(share_of_lost_amount - 1) > 0.000001)
