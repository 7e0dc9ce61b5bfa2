with

deals as (
    select * from {{ ref('int_deals_enriched') }}
),

{# Closed, undeleted deals closed by the end of as_of_date. -#}
closed_deals as (
    select * from deals
    where
        not is_deleted
        and is_closed
        and is_closed_by_as_of_date
),

aggregated as (
    select
        close_month,
        owner_id,
        deal_type,
        channel,
        count(*) as deals_closed,
        sum(case when is_won then 1 else 0 end) as deals_won,
        sum(case when is_lost then 1 else 0 end) as deals_lost,
        sum(case when is_won and not has_amount then 1 else 0 end) as deals_won_without_amount,
        sum(case when is_lost and not has_amount then 1 else 0 end) as deals_lost_without_amount,
        coalesce(sum(case when is_won then amount_at_close end), 0) as won_amount,
        coalesce(sum(case when is_lost then amount_at_close end), 0) as lost_amount,
        sum(case when is_won and cycle_days is not null then 1 else 0 end) as cycle_days_won_count,
        coalesce(sum(case when is_won then cycle_days end), 0) as cycle_days_won_total,
        {{ median('case when is_won then cycle_days end') }} as cycle_days_won_median,
        {{ percentile_cont('case when is_won then cycle_days end', 0.9) }} as cycle_days_won_p90,
        sum(case when is_lost and cycle_days is not null then 1 else 0 end) as cycle_days_lost_count,
        coalesce(sum(case when is_lost then cycle_days end), 0) as cycle_days_lost_total,
        {{ median('case when is_lost then cycle_days end') }} as cycle_days_lost_median,
        sum(case when is_cycle_invalid then 1 else 0 end) as deals_cycle_invalid
    from closed_deals
    group by close_month, owner_id, deal_type, channel
),

final as (
    select
        cast(close_month as date) as close_month,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        cast(deal_type as {{ dbt.type_string() }}) as deal_type,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(deals_closed as {{ dbt.type_bigint() }}) as deals_closed,
        cast(deals_won as {{ dbt.type_bigint() }}) as deals_won,
        cast(deals_lost as {{ dbt.type_bigint() }}) as deals_lost,
        cast(deals_won_without_amount as {{ dbt.type_bigint() }}) as deals_won_without_amount,
        cast(deals_lost_without_amount as {{ dbt.type_bigint() }}) as deals_lost_without_amount,
        cast(won_amount as {{ type_double() }}) as won_amount,
        cast(lost_amount as {{ type_double() }}) as lost_amount,
        {{ safe_divide('deals_won', 'deals_won + deals_lost') }} as win_rate_by_count,
        {{ safe_divide('won_amount', 'won_amount + lost_amount') }} as win_rate_by_amount,
        cast(cycle_days_won_count as {{ dbt.type_bigint() }}) as cycle_days_won_count,
        cast(cycle_days_won_total as {{ dbt.type_bigint() }}) as cycle_days_won_total,
        {{ safe_divide('cycle_days_won_total', 'cycle_days_won_count') }} as cycle_days_won_mean,
        cast(cycle_days_won_median as {{ type_double() }}) as cycle_days_won_median,
        cast(cycle_days_won_p90 as {{ type_double() }}) as cycle_days_won_p90,
        cast(cycle_days_lost_count as {{ dbt.type_bigint() }}) as cycle_days_lost_count,
        cast(cycle_days_lost_total as {{ dbt.type_bigint() }}) as cycle_days_lost_total,
        {{ safe_divide('cycle_days_lost_total', 'cycle_days_lost_count') }} as cycle_days_lost_mean,
        cast(cycle_days_lost_median as {{ type_double() }}) as cycle_days_lost_median,
        cast(deals_cycle_invalid as {{ dbt.type_bigint() }}) as deals_cycle_invalid
    from aggregated
)

select * from final
