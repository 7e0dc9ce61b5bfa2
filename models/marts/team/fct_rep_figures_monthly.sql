{#- The per-rep figures of every month: a rollup of the KPI marts (not a recomputation), so
    every figure agrees with the mart it comes from by construction; tests/team guards that
    agreement. rep_scorecard ranks these rows. -#}
with

rep_months as (
    select * from {{ ref('int_rep_months') }}
),

quotas as (
    select * from {{ ref('int_rep_quotas_monthly') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

conversion as (
    select * from {{ ref('kpi_conversion_rate') }}
),

sales_cycle as (
    select * from {{ ref('kpi_sales_cycle') }}
),

pipeline as (
    select * from {{ ref('kpi_pipeline_value') }}
),

call_quality as (
    select * from {{ ref('kpi_call_quality') }}
),

upsell as (
    select * from {{ ref('kpi_upsell_cross_sell') }}
),

speed_to_lead as (
    select * from {{ ref('kpi_speed_to_lead') }}
),

leads_by_rep as (
    select
        cohort_month as month_start,
        owner_id as user_id,
        sum(leads_total) as leads_total,
        sum(leads_valid) as leads_owned,
        sum(leads_converted_to_date) as leads_converted_to_date,
        sum(leads_converted_in_window) as leads_converted_in_window
    from conversion
    group by
        cohort_month,
        owner_id
),

deals_by_rep as (
    select
        close_month as month_start,
        owner_id as user_id,
        sum(deals_won) as deals_won,
        sum(deals_lost) as deals_lost,
        sum(won_amount) as won_amount,
        sum(lost_amount) as lost_amount,
        sum(cycle_days_won_total) as cycle_days_won_total,
        sum(cycle_days_won_count) as cycle_days_won_count
    from sales_cycle
    group by
        close_month,
        owner_id
),

{# The won and lost deals of the month and the two before it, for sales velocity. -#}
deals_trailing_by_rep as (
    select
        months.month_start,
        deals_by_rep.user_id,
        sum(deals_by_rep.deals_won) as deals_won_3m,
        sum(deals_by_rep.deals_lost) as deals_lost_3m,
        sum(deals_by_rep.won_amount) as won_amount_3m,
        sum(deals_by_rep.cycle_days_won_total) as cycle_days_won_total_3m,
        sum(deals_by_rep.cycle_days_won_count) as cycle_days_won_count_3m
    from months
    inner join deals_by_rep
        on months.month_start >= deals_by_rep.month_start
        and deals_by_rep.month_start >= {{ dbt.dateadd('month', -2, 'months.month_start') }}
    group by
        months.month_start,
        deals_by_rep.user_id
),

{# Valid leads of the month's cohort that were called (kpi_speed_to_lead). -#}
leads_called_by_rep as (
    select
        cohort_month as month_start,
        owner_id as user_id,
        sum(leads_called) as leads_called
    from speed_to_lead
    group by
        cohort_month,
        owner_id
),

pipeline_by_rep as (
    {#- The open pipeline at the month's snapshot date (its last day, or as_of_date). -#}
    select
        months.month_start,
        pipeline.owner_id as user_id,
        sum(pipeline.open_deals) as open_deals,
        sum(pipeline.pipeline_value) as open_pipeline_value,
        sum(pipeline.weighted_pipeline_value) as open_weighted_pipeline_value
    from pipeline
    inner join months
        on pipeline.as_of_date = months.snapshot_date
    group by
        months.month_start,
        pipeline.owner_id
),

calls_by_rep as (
    select
        call_month as month_start,
        user_id,
        sum(calls) as calls,
        sum(calls_answered) as calls_answered,
        sum(calls_connected) as calls_connected,
        sum(calls_scored) as calls_scored,
        sum(score_total) as score_total
    from call_quality
    group by
        call_month,
        user_id
),

upsell_by_rep as (
    select
        month as month_start,
        owner_id as user_id,
        sum(won_upsell_deals) as won_upsell_deals,
        sum(won_upsell_amount) as won_upsell_amount,
        sum(won_cross_sell_deals) as won_cross_sell_deals,
        sum(won_cross_sell_amount) as won_cross_sell_amount
    from upsell
    group by
        month,
        owner_id
),

user_months_all as (
    {#- Membership: every rep employed in the month, plus anyone (a manager, a rep who left or
        is not hired yet) with a scorecard figure in it: leads owned, deals won or lost, open
        pipeline, calls. Owning a billing customer (kpi_upsell_cross_sell) or a quota is not a
        figure: an account that paid before its owner was hired gives the owner no row. -#}
    select
        user_id,
        month_start
    from rep_months
    union
    select
        user_id,
        month_start
    from leads_by_rep
    where leads_total > 0
    union
    select
        user_id,
        month_start
    from deals_by_rep
    where deals_won + deals_lost > 0
    union
    select
        user_id,
        month_start
    from pipeline_by_rep
    where open_deals > 0
    union
    select
        user_id,
        month_start
    from calls_by_rep
    where calls > 0
),

user_months as (
    select
        user_months_all.user_id,
        user_months_all.month_start
    from user_months_all
    inner join reps
        on user_months_all.user_id = reps.user_id
    inner join months
        on user_months_all.month_start = months.month_start
),

joined as (
    select
        user_months.month_start,
        user_months.user_id,
        reps.team,
        reps.manager_id,
        reps.role,
        coalesce(leads_by_rep.leads_total, 0) as leads_total,
        coalesce(leads_by_rep.leads_owned, 0) as leads_owned,
        coalesce(leads_by_rep.leads_converted_to_date, 0) as leads_converted_to_date,
        coalesce(leads_by_rep.leads_converted_in_window, 0) as leads_converted_in_window,
        coalesce(deals_by_rep.deals_won, 0) as deals_won,
        coalesce(deals_by_rep.deals_lost, 0) as deals_lost,
        coalesce(deals_by_rep.won_amount, 0) as won_amount,
        coalesce(deals_by_rep.lost_amount, 0) as lost_amount,
        quotas.quota_amount,
        coalesce(deals_by_rep.cycle_days_won_total, 0) as cycle_days_won_total,
        coalesce(deals_by_rep.cycle_days_won_count, 0) as cycle_days_won_count,
        coalesce(pipeline_by_rep.open_deals, 0) as open_deals,
        coalesce(pipeline_by_rep.open_pipeline_value, 0) as open_pipeline_value,
        coalesce(pipeline_by_rep.open_weighted_pipeline_value, 0) as open_weighted_pipeline_value,
        coalesce(calls_by_rep.calls, 0) as calls,
        coalesce(calls_by_rep.calls_answered, 0) as calls_answered,
        coalesce(calls_by_rep.calls_connected, 0) as calls_connected,
        coalesce(calls_by_rep.calls_scored, 0) as calls_scored,
        coalesce(calls_by_rep.score_total, 0) as score_total,
        coalesce(upsell_by_rep.won_upsell_deals, 0) as won_upsell_deals,
        coalesce(upsell_by_rep.won_upsell_amount, 0) as won_upsell_amount,
        coalesce(upsell_by_rep.won_cross_sell_deals, 0) as won_cross_sell_deals,
        coalesce(upsell_by_rep.won_cross_sell_amount, 0) as won_cross_sell_amount,
        coalesce(leads_called_by_rep.leads_called, 0) as leads_called,
        coalesce(deals_trailing_by_rep.deals_won_3m, 0) as deals_won_3m,
        coalesce(deals_trailing_by_rep.deals_lost_3m, 0) as deals_lost_3m,
        coalesce(deals_trailing_by_rep.won_amount_3m, 0) as won_amount_3m,
        coalesce(deals_trailing_by_rep.cycle_days_won_total_3m, 0) as cycle_days_won_total_3m,
        coalesce(deals_trailing_by_rep.cycle_days_won_count_3m, 0) as cycle_days_won_count_3m
    from user_months
    inner join reps
        on user_months.user_id = reps.user_id
    left join leads_by_rep
        on user_months.user_id = leads_by_rep.user_id
        and user_months.month_start = leads_by_rep.month_start
    left join deals_by_rep
        on user_months.user_id = deals_by_rep.user_id
        and user_months.month_start = deals_by_rep.month_start
    left join pipeline_by_rep
        on user_months.user_id = pipeline_by_rep.user_id
        and user_months.month_start = pipeline_by_rep.month_start
    left join calls_by_rep
        on user_months.user_id = calls_by_rep.user_id
        and user_months.month_start = calls_by_rep.month_start
    left join upsell_by_rep
        on user_months.user_id = upsell_by_rep.user_id
        and user_months.month_start = upsell_by_rep.month_start
    left join quotas
        on user_months.user_id = quotas.user_id
        and user_months.month_start = quotas.month_start
    left join leads_called_by_rep
        on user_months.user_id = leads_called_by_rep.user_id
        and user_months.month_start = leads_called_by_rep.month_start
    left join deals_trailing_by_rep
        on user_months.user_id = deals_trailing_by_rep.user_id
        and user_months.month_start = deals_trailing_by_rep.month_start
),

final as (
    select
        cast(month_start as date) as month_start,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(team as {{ dbt.type_string() }}) as team,
        cast(manager_id as {{ dbt.type_string() }}) as manager_id,
        cast(role as {{ dbt.type_string() }}) as role,
        {{ scorecard_typed_figures() }}
    from joined
)

select * from final
