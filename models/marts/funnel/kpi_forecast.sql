{#- The sales forecast of the quarter that contains as_of_date and of the next one, per owner:
    quota, won so far, the open pipeline expected to close in the quarter by forecast category,
    the weighted forecast and the gap to quota. -#}
with

period as (
    select * from {{ ref('int_report_period') }}
),

snapshots as (
    select * from {{ ref('int_pipeline_snapshots') }}
),

stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

deals as (
    select * from {{ ref('int_deals_enriched') }}
),

quotas as (
    select * from {{ ref('int_rep_quotas_monthly') }}
),

quarters as (
    select
        cast({{ dbt.date_trunc('quarter', 'as_of_date') }} as date) as quarter_start,
        true as is_current_quarter
    from period
    union all
    select
        cast({{ dbt.dateadd('month', 3, dbt.date_trunc('quarter', 'as_of_date')) }} as date) as quarter_start,
        false as is_current_quarter
    from period
),

quarter_bounds as (
    select
        quarter_start,
        cast({{ dbt.dateadd('month', 3, 'quarter_start') }} as date) as next_quarter_start,
        is_current_quarter
    from quarters
),

{# The deals open at as_of_date with their stage's forecast category. -#}
open_now as (
    select
        snapshots.deal_id,
        snapshots.owner_id,
        snapshots.amount,
        snapshots.weighted_amount,
        snapshots.expected_close_on,
        coalesce(stages.forecast_category, 'pipeline') as forecast_category
    from snapshots
    left join stages
        on snapshots.stage = stages.stage
    where snapshots.is_as_of_date
),

open_in_quarter as (
    select
        quarter_bounds.quarter_start,
        open_now.owner_id,
        sum(case when open_now.forecast_category = 'commit' then open_now.amount else 0 end) as commit_amount,
        sum(case when open_now.forecast_category = 'best_case' then open_now.amount else 0 end) as best_case_amount,
        sum(case when open_now.forecast_category = 'pipeline' then open_now.amount else 0 end) as pipeline_amount,
        sum(case when open_now.forecast_category = 'omitted' then open_now.amount else 0 end) as omitted_amount,
        sum(
            case when open_now.forecast_category != 'omitted' then coalesce(open_now.weighted_amount, 0) else 0 end
        ) as weighted_open_amount,
        count(*) as open_deals_expected
    from open_now
    inner join quarter_bounds
        on open_now.expected_close_on >= quarter_bounds.quarter_start
        and open_now.expected_close_on < quarter_bounds.next_quarter_start
    group by
        quarter_bounds.quarter_start,
        open_now.owner_id
),

{# Open deals with no expected close date belong to no quarter: counted on the current one. -#}
open_without_date as (
    select
        quarter_bounds.quarter_start,
        open_now.owner_id,
        count(*) as open_without_close_date
    from open_now
    inner join quarter_bounds
        on quarter_bounds.is_current_quarter
    where open_now.expected_close_on is null
    group by
        quarter_bounds.quarter_start,
        open_now.owner_id
),

won_in_quarter as (
    select
        quarter_bounds.quarter_start,
        deals.owner_id,
        count(*) as won_deals,
        coalesce(sum(deals.amount_at_close), 0) as won_amount
    from deals
    inner join quarter_bounds
        on deals.closed_date >= quarter_bounds.quarter_start
        and deals.closed_date < quarter_bounds.next_quarter_start
    where
        not deals.is_deleted
        and deals.is_won
        and deals.is_closed_by_as_of_date
    group by
        quarter_bounds.quarter_start,
        deals.owner_id
),

quota_in_quarter as (
    select
        quarter_bounds.quarter_start,
        quotas.user_id as owner_id,
        sum(quotas.quota_amount) as quota
    from quotas
    inner join quarter_bounds
        on quotas.month_start >= quarter_bounds.quarter_start
        and quotas.month_start < quarter_bounds.next_quarter_start
    group by
        quarter_bounds.quarter_start,
        quotas.user_id
),

owner_quarters as (
    select
        quarter_start,
        owner_id
    from open_in_quarter
    union
    select
        quarter_start,
        owner_id
    from open_without_date
    union
    select
        quarter_start,
        owner_id
    from won_in_quarter
    union
    select
        quarter_start,
        owner_id
    from quota_in_quarter
),

joined as (
    select
        owner_quarters.quarter_start,
        owner_quarters.owner_id,
        quarter_bounds.is_current_quarter,
        quota_in_quarter.quota,
        coalesce(won_in_quarter.won_deals, 0) as won_deals,
        coalesce(won_in_quarter.won_amount, 0) as won_amount,
        coalesce(open_in_quarter.commit_amount, 0) as commit_amount,
        coalesce(open_in_quarter.best_case_amount, 0) as best_case_amount,
        coalesce(open_in_quarter.pipeline_amount, 0) as pipeline_amount,
        coalesce(open_in_quarter.omitted_amount, 0) as omitted_amount,
        coalesce(open_in_quarter.weighted_open_amount, 0) as weighted_open_amount,
        coalesce(open_in_quarter.open_deals_expected, 0) as open_deals_expected,
        coalesce(open_without_date.open_without_close_date, 0) as open_without_close_date
    from owner_quarters
    inner join quarter_bounds
        on owner_quarters.quarter_start = quarter_bounds.quarter_start
    left join quota_in_quarter
        on owner_quarters.quarter_start = quota_in_quarter.quarter_start
        and owner_quarters.owner_id = quota_in_quarter.owner_id
    left join won_in_quarter
        on owner_quarters.quarter_start = won_in_quarter.quarter_start
        and owner_quarters.owner_id = won_in_quarter.owner_id
    left join open_in_quarter
        on owner_quarters.quarter_start = open_in_quarter.quarter_start
        and owner_quarters.owner_id = open_in_quarter.owner_id
    left join open_without_date
        on owner_quarters.quarter_start = open_without_date.quarter_start
        and owner_quarters.owner_id = open_without_date.owner_id
),

final as (
    select
        cast(quarter_start as date) as quarter,  -- noqa: RF04
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        is_current_quarter,
        cast(quota as {{ type_double() }}) as quota,
        cast(won_deals as {{ dbt.type_bigint() }}) as won_deals,
        cast(won_amount as {{ type_double() }}) as won_amount,
        cast(commit_amount as {{ type_double() }}) as commit_amount,
        cast(best_case_amount as {{ type_double() }}) as best_case_amount,
        cast(pipeline_amount as {{ type_double() }}) as pipeline_amount,
        cast(omitted_amount as {{ type_double() }}) as omitted_amount,
        cast(open_deals_expected as {{ dbt.type_bigint() }}) as open_deals_expected,
        cast(weighted_open_amount as {{ type_double() }}) as weighted_open_amount,
        cast(won_amount + weighted_open_amount as {{ type_double() }}) as weighted_forecast,
        cast(quota - (won_amount + weighted_open_amount) as {{ type_double() }}) as gap_to_quota,
        cast(open_without_close_date as {{ dbt.type_bigint() }}) as open_without_close_date
    from joined
)

select * from final
