{#- Quarter pipeline coverage per owner at every pipeline date: open pipeline expected to
    close in the date's quarter / (quota of the quarter - won amount of the quarter so far).
    All amounts at the date's exchange rate, so the ratio compares like with like. -#}
with

snapshots as (
    select * from {{ ref('int_pipeline_snapshots') }}
),

deals as (
    select * from {{ ref('int_deals_enriched') }}
),

quotas as (
    select * from {{ ref('linked_crm__quotas') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

pipeline_dates as (
    select distinct
        snapshot_date as as_of_date,
        cast({{ dbt.date_trunc('quarter', 'snapshot_date') }} as date) as quarter_start
    from months
),

quarters as (
    select
        as_of_date,
        quarter_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, 'quarter_start')) }} as date) as quarter_end
    from pipeline_dates
),

quota_by_quarter as (
    select
        quarters.as_of_date,
        quarters.quarter_start,
        quarters.quarter_end,
        quotas.user_id as owner_id,
        sum({{ to_reporting('quotas.quota_amount', 'quota_fx') }}) as quota_amount
    from quarters
    inner join quotas
        on
        quarters.quarter_start <= quotas.quota_month
        and quarters.quarter_end >= quotas.quota_month
    {{ fx_join('quota_fx', 'quotas.currency', 'quarters.as_of_date') }}
    group by quarters.as_of_date, quarters.quarter_start, quarters.quarter_end, quotas.user_id
),

won_so_far as (
    select
        quota_by_quarter.as_of_date,
        quota_by_quarter.owner_id,
        count(deals.deal_id) as won_deals_quarter_to_date,
        coalesce(sum({{ to_reporting('deals.amount', 'won_fx') }}), 0) as won_amount_quarter_to_date
    from quota_by_quarter
    left join deals
        on
        quota_by_quarter.owner_id = deals.owner_id
        and deals.is_won
        and not deals.is_deleted
        and quota_by_quarter.quarter_start <= deals.closed_date
        and quota_by_quarter.as_of_date >= deals.closed_date
    {{ fx_join('won_fx', 'deals.currency', 'quota_by_quarter.as_of_date') }}
    group by quota_by_quarter.as_of_date, quota_by_quarter.owner_id
),

pipeline_in_quarter as (
    select
        quota_by_quarter.as_of_date,
        quota_by_quarter.owner_id,
        count(snapshots.deal_id) as open_deals_expected_in_quarter,
        coalesce(sum(snapshots.amount), 0) as pipeline_expected_in_quarter,
        coalesce(sum(snapshots.weighted_amount), 0) as weighted_pipeline_expected_in_quarter
    from quota_by_quarter
    left join snapshots
        on
        quota_by_quarter.as_of_date = snapshots.as_of_date
        and quota_by_quarter.owner_id = snapshots.owner_id
        and quota_by_quarter.quarter_start <= snapshots.expected_close_on
        and quota_by_quarter.quarter_end >= snapshots.expected_close_on
    group by quota_by_quarter.as_of_date, quota_by_quarter.owner_id
),

joined as (
    select
        quota_by_quarter.as_of_date,
        quota_by_quarter.quarter_start,
        quota_by_quarter.owner_id,
        quota_by_quarter.quota_amount,
        won_so_far.won_deals_quarter_to_date,
        won_so_far.won_amount_quarter_to_date,
        quota_by_quarter.quota_amount - won_so_far.won_amount_quarter_to_date as remaining_quota_amount,
        pipeline_in_quarter.open_deals_expected_in_quarter,
        pipeline_in_quarter.pipeline_expected_in_quarter,
        pipeline_in_quarter.weighted_pipeline_expected_in_quarter
    from quota_by_quarter
    inner join won_so_far
        on
        quota_by_quarter.as_of_date = won_so_far.as_of_date
        and quota_by_quarter.owner_id = won_so_far.owner_id
    inner join pipeline_in_quarter
        on
        quota_by_quarter.as_of_date = pipeline_in_quarter.as_of_date
        and quota_by_quarter.owner_id = pipeline_in_quarter.owner_id
),

final as (
    select
        cast(as_of_date as date) as as_of_date,
        cast(quarter_start as date) as quarter_start,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        cast(quota_amount as {{ type_double() }}) as quota_amount,
        cast(won_deals_quarter_to_date as {{ dbt.type_bigint() }}) as won_deals_quarter_to_date,
        cast(won_amount_quarter_to_date as {{ type_double() }}) as won_amount_quarter_to_date,
        cast(remaining_quota_amount as {{ type_double() }}) as remaining_quota_amount,
        cast(open_deals_expected_in_quarter as {{ dbt.type_bigint() }}) as open_deals_expected_in_quarter,
        cast(pipeline_expected_in_quarter as {{ type_double() }}) as pipeline_expected_in_quarter,
        cast(weighted_pipeline_expected_in_quarter as {{ type_double() }}) as weighted_pipeline_expected_in_quarter,
        case
            when remaining_quota_amount > 0
                then cast(pipeline_expected_in_quarter as {{ type_double() }}) / remaining_quota_amount
        end as pipeline_coverage,
        remaining_quota_amount <= 0 as is_quota_met
    from joined
)

select * from final
