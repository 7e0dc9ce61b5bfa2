with

months as (
    select * from {{ ref('int_mrr_months') }}
),

customer_months as (
    select * from {{ ref('int_customer_mrr_monthly') }}
),

monthly as (
    select
        month_start,
        sum(previous_mrr) as opening_mrr,
        sum(fx_effect) as fx_effect,
        sum(new_mrr) as new_mrr,
        sum(case when acquisition_channel = 'inbound' then new_mrr else 0 end) as new_mrr_inbound,
        sum(case when acquisition_channel = 'outbound' then new_mrr else 0 end) as new_mrr_outbound,
        sum(case when acquisition_channel = 'unattributed' then new_mrr else 0 end) as new_mrr_unattributed,
        sum(expansion_mrr) as expansion_mrr,
        sum(contraction_mrr) as contraction_mrr,
        sum(churned_mrr) as churned_mrr,
        sum(reactivation_mrr) as reactivation_mrr,
        sum(mrr) as closing_mrr,
        sum(case when acquisition_channel = 'inbound' then mrr else 0 end) as mrr_inbound,
        sum(case when acquisition_channel = 'outbound' then mrr else 0 end) as mrr_outbound,
        sum(case when acquisition_channel = 'unattributed' then mrr else 0 end) as mrr_unattributed,
        sum(previous_mrr_at_current_rates) as retention_base_mrr,
        sum(case when is_active then 1 else 0 end) as customers_active,
        sum(case when was_active_at_start then 1 else 0 end) as customers_active_at_start,
        sum(case when movement_type = 'new' then 1 else 0 end) as customers_new,
        sum(case when movement_type = 'churn' then 1 else 0 end) as customers_churned,
        sum(case when movement_type = 'reactivation' then 1 else 0 end) as customers_reactivated,
        sum(case when movement_type = 'expansion' then 1 else 0 end) as customers_expanded,
        sum(case when movement_type = 'contraction' then 1 else 0 end) as customers_contracted
    from customer_months
    group by month_start
),

filled as (
    select
        months.month_start,
        months.snapshot_date,
        months.is_as_of_month,
        coalesce(monthly.opening_mrr, 0) as opening_mrr,
        coalesce(monthly.fx_effect, 0) as fx_effect,
        coalesce(monthly.new_mrr, 0) as new_mrr,
        coalesce(monthly.new_mrr_inbound, 0) as new_mrr_inbound,
        coalesce(monthly.new_mrr_outbound, 0) as new_mrr_outbound,
        coalesce(monthly.new_mrr_unattributed, 0) as new_mrr_unattributed,
        coalesce(monthly.expansion_mrr, 0) as expansion_mrr,
        coalesce(monthly.contraction_mrr, 0) as contraction_mrr,
        coalesce(monthly.churned_mrr, 0) as churned_mrr,
        coalesce(monthly.reactivation_mrr, 0) as reactivation_mrr,
        coalesce(monthly.closing_mrr, 0) as closing_mrr,
        coalesce(monthly.mrr_inbound, 0) as mrr_inbound,
        coalesce(monthly.mrr_outbound, 0) as mrr_outbound,
        coalesce(monthly.mrr_unattributed, 0) as mrr_unattributed,
        coalesce(monthly.retention_base_mrr, 0) as retention_base_mrr,
        coalesce(monthly.customers_active, 0) as customers_active,
        coalesce(monthly.customers_active_at_start, 0) as customers_active_at_start,
        coalesce(monthly.customers_new, 0) as customers_new,
        coalesce(monthly.customers_churned, 0) as customers_churned,
        coalesce(monthly.customers_reactivated, 0) as customers_reactivated,
        coalesce(monthly.customers_expanded, 0) as customers_expanded,
        coalesce(monthly.customers_contracted, 0) as customers_contracted
    from months
    left join monthly
        on months.month_start = monthly.month_start
),

retention as (
    select
        *,
        retention_base_mrr + expansion_mrr + contraction_mrr + churned_mrr as net_retained_mrr,
        retention_base_mrr + contraction_mrr + churned_mrr as gross_retained_mrr
    from filled
),

{# LTV: ARPA over the mean monthly customer churn rate of the trailing 12 months (this month
    and the 11 before it, the months with a rate). -#}
with_churn as (
    select
        *,
        {{ safe_divide('closing_mrr', 'customers_active') }} as arpa,
        {{ safe_divide('customers_churned', 'customers_active_at_start') }} as customer_churn_rate
    from retention
),

with_trailing_churn as (
    select
        *,
        avg(customer_churn_rate) over (
            order by month_start
            rows between 11 preceding and current row
        ) as customer_churn_rate_mean_12m
    from with_churn
),

final as (
    select
        month_start as month,
        snapshot_date,
        cast(opening_mrr as {{ type_double() }}) as opening_mrr,
        cast(fx_effect as {{ type_double() }}) as fx_effect,
        cast(new_mrr as {{ type_double() }}) as new_mrr,
        cast(new_mrr_inbound as {{ type_double() }}) as new_mrr_inbound,
        cast(new_mrr_outbound as {{ type_double() }}) as new_mrr_outbound,
        cast(new_mrr_unattributed as {{ type_double() }}) as new_mrr_unattributed,
        cast(expansion_mrr as {{ type_double() }}) as expansion_mrr,
        cast(contraction_mrr as {{ type_double() }}) as contraction_mrr,
        cast(churned_mrr as {{ type_double() }}) as churned_mrr,
        cast(reactivation_mrr as {{ type_double() }}) as reactivation_mrr,
        cast(closing_mrr as {{ type_double() }}) as closing_mrr,
        cast(mrr_inbound as {{ type_double() }}) as mrr_inbound,
        cast(mrr_outbound as {{ type_double() }}) as mrr_outbound,
        cast(mrr_unattributed as {{ type_double() }}) as mrr_unattributed,
        cast(12 * closing_mrr as {{ type_double() }}) as arr,
        cast(customers_active as {{ dbt.type_bigint() }}) as customers_active,
        cast(customers_active_at_start as {{ dbt.type_bigint() }}) as customers_active_at_start,
        cast(customers_new as {{ dbt.type_bigint() }}) as customers_new,
        cast(customers_churned as {{ dbt.type_bigint() }}) as customers_churned,
        cast(customers_reactivated as {{ dbt.type_bigint() }}) as customers_reactivated,
        cast(customers_expanded as {{ dbt.type_bigint() }}) as customers_expanded,
        cast(customers_contracted as {{ dbt.type_bigint() }}) as customers_contracted,
        cast(retention_base_mrr as {{ type_double() }}) as retention_base_mrr,
        cast(net_retained_mrr as {{ type_double() }}) as net_retained_mrr,
        cast(gross_retained_mrr as {{ type_double() }}) as gross_retained_mrr,
        {{ safe_divide('net_retained_mrr', 'retention_base_mrr') }} as net_revenue_retention,
        {{ safe_divide('gross_retained_mrr', 'retention_base_mrr') }} as gross_revenue_retention,
        cast(arpa as {{ type_double() }}) as arpa,
        cast(customer_churn_rate as {{ type_double() }}) as customer_churn_rate,
        cast(customer_churn_rate_mean_12m as {{ type_double() }}) as customer_churn_rate_mean_12m,
        {{ safe_divide('arpa', 'customer_churn_rate_mean_12m') }} as ltv_estimate,
        is_as_of_month
    from with_trailing_churn
)

select * from final
