{#- The rep scorecard rolled up to the department: sums of its totals and counts, rates and
    means recomputed from them (never averaged). -#}
with

rep_scorecard as (
    select * from {{ ref('rep_scorecard') }}
),

aggregated as (
    select
        month,
        count(*) as reps,
        sum(leads_total) as leads_total,
        sum(leads_owned) as leads_owned,
        sum(leads_converted_to_date) as leads_converted_to_date,
        sum(leads_converted_in_window) as leads_converted_in_window,
        sum(deals_won) as deals_won,
        sum(deals_lost) as deals_lost,
        sum(won_amount) as won_amount,
        sum(lost_amount) as lost_amount,
        sum(quota_amount) as quota_amount,
        sum(case when quota_amount is not null then won_amount else 0 end) as won_amount_with_quota,
        sum(open_deals) as open_deals,
        sum(open_pipeline_value) as open_pipeline_value,
        sum(open_weighted_pipeline_value) as open_weighted_pipeline_value,
        sum(cycle_days_won_total) as cycle_days_won_total,
        sum(cycle_days_won_count) as cycle_days_won_count,
        sum(calls) as calls,
        sum(calls_answered) as calls_answered,
        sum(calls_connected) as calls_connected,
        sum(calls_scored) as calls_scored,
        sum(score_total) as score_total,
        sum(won_upsell_deals) as won_upsell_deals,
        sum(won_upsell_amount) as won_upsell_amount,
        sum(won_cross_sell_deals) as won_cross_sell_deals,
        sum(won_cross_sell_amount) as won_cross_sell_amount
    from rep_scorecard
    group by
        month
),

final as (
    select
        month,
        cast(reps as {{ dbt.type_bigint() }}) as reps,
        cast(leads_total as {{ dbt.type_bigint() }}) as leads_total,
        cast(leads_owned as {{ dbt.type_bigint() }}) as leads_owned,
        cast(leads_converted_to_date as {{ dbt.type_bigint() }}) as leads_converted_to_date,
        cast(leads_converted_in_window as {{ dbt.type_bigint() }}) as leads_converted_in_window,
        {{ safe_divide('leads_converted_to_date', 'leads_owned') }} as conversion_rate_to_date,
        {{ safe_divide('leads_converted_in_window', 'leads_owned') }} as conversion_rate_in_window,
        cast(deals_won as {{ dbt.type_bigint() }}) as deals_won,
        cast(deals_lost as {{ dbt.type_bigint() }}) as deals_lost,
        {{ safe_divide('deals_won', 'deals_won + deals_lost') }} as win_rate_by_count,
        cast(won_amount as {{ type_double() }}) as won_amount,
        cast(lost_amount as {{ type_double() }}) as lost_amount,
        cast(quota_amount as {{ type_double() }}) as quota_amount,
        cast(won_amount_with_quota as {{ type_double() }}) as won_amount_with_quota,
        {{ safe_divide('won_amount_with_quota', 'quota_amount') }} as quota_attainment,
        cast(open_deals as {{ dbt.type_bigint() }}) as open_deals,
        cast(open_pipeline_value as {{ type_double() }}) as open_pipeline_value,
        cast(open_weighted_pipeline_value as {{ type_double() }}) as open_weighted_pipeline_value,
        cast(cycle_days_won_total as {{ dbt.type_bigint() }}) as cycle_days_won_total,
        cast(cycle_days_won_count as {{ dbt.type_bigint() }}) as cycle_days_won_count,
        {{ safe_divide('cycle_days_won_total', 'cycle_days_won_count') }} as cycle_days_won_mean,
        cast(calls as {{ dbt.type_bigint() }}) as calls,
        cast(calls_answered as {{ dbt.type_bigint() }}) as calls_answered,
        cast(calls_connected as {{ dbt.type_bigint() }}) as calls_connected,
        cast(calls_scored as {{ dbt.type_bigint() }}) as calls_scored,
        cast(score_total as {{ type_double() }}) as score_total,
        {{ safe_divide('score_total', 'calls_scored') }} as score_mean,
        cast(won_upsell_deals as {{ dbt.type_bigint() }}) as won_upsell_deals,
        cast(won_upsell_amount as {{ type_double() }}) as won_upsell_amount,
        cast(won_cross_sell_deals as {{ dbt.type_bigint() }}) as won_cross_sell_deals,
        cast(won_cross_sell_amount as {{ type_double() }}) as won_cross_sell_amount
    from aggregated
)

select * from final
