{#- The deals open at as_of_date with the facts a deal review needs: how long open, how long in
    the current stage against how long that stage usually takes, whether the expected close
    date has passed, and when the deal was last called. -#}
{%- set no_activity_days = setting('no_activity_days') -%}
with

snapshots as (
    select * from {{ ref('int_pipeline_snapshots') }}
),

deals as (
    select * from {{ ref('int_deals_enriched') }}
),

spans as (
    select * from {{ ref('int_deal_stage_spans') }}
),

stage_stays as (
    select * from {{ ref('int_stage_stays_summarised') }}
),

calls as (
    select * from {{ ref('int_calls_enriched') }}
),

open_now as (
    select
        snapshots.as_of_date,
        snapshots.deal_id,
        snapshots.owner_id,
        snapshots.deal_type,
        snapshots.stage,
        snapshots.amount,
        deals.lead_id,
        deals.account_id,
        deals.created_date,
        deals.expected_close_on
    from snapshots
    inner join deals
        on snapshots.deal_id = deals.deal_id
    where snapshots.is_as_of_date
),

{# The current stay: the latest stage entry on or before as_of_date. -#}
current_stays as (
    select
        open_now.deal_id,
        max(spans.entered_date) as stage_entered_date
    from open_now
    inner join spans
        on open_now.deal_id = spans.deal_id
        and open_now.as_of_date >= spans.entered_date
    group by open_now.deal_id
),

{# A call is about the deal when it names the deal, the deal's lead or the deal's account. -#}
linked_calls as (
    select
        open_now.deal_id,
        calls.call_date
    from open_now
    inner join calls
        on open_now.deal_id = calls.deal_id
    union all
    select
        open_now.deal_id,
        calls.call_date
    from open_now
    inner join calls
        on open_now.lead_id = calls.lead_id
    union all
    select
        open_now.deal_id,
        calls.call_date
    from open_now
    inner join calls
        on open_now.account_id = calls.account_id
),

last_calls as (
    select
        linked_calls.deal_id,
        max(linked_calls.call_date) as last_call_date
    from linked_calls
    inner join open_now
        on linked_calls.deal_id = open_now.deal_id
    where linked_calls.call_date <= open_now.as_of_date
    group by linked_calls.deal_id
),

measured as (
    select
        open_now.*,
        {{ days_between('open_now.created_date', 'open_now.as_of_date') }} as days_open,  -- noqa: LT05
        {{ days_between('current_stays.stage_entered_date', 'open_now.as_of_date') }} as days_in_stage,  -- noqa: LT05
        stage_stays.median_days as stage_median_days,
        coalesce(stage_stays.completed_stays, 0) as stage_completed_stays,
        {{ days_between('last_calls.last_call_date', 'open_now.as_of_date') }} as days_since_last_call  -- noqa: LT05
    from open_now
    left join current_stays
        on open_now.deal_id = current_stays.deal_id
    left join stage_stays
        on open_now.stage = stage_stays.stage
    left join last_calls
        on open_now.deal_id = last_calls.deal_id
),

final as (
    select
        cast(deal_id as {{ dbt.type_string() }}) as deal_id,
        cast(as_of_date as date) as as_of_date,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        cast(deal_type as {{ dbt.type_string() }}) as deal_type,
        cast(stage as {{ dbt.type_string() }}) as stage,
        cast(amount as {{ type_double() }}) as amount,
        cast(days_open as {{ dbt.type_bigint() }}) as days_open,
        cast(days_in_stage as {{ dbt.type_bigint() }}) as days_in_stage,
        cast(stage_median_days as {{ type_double() }}) as stage_median_days,
        cast(stage_completed_stays as {{ dbt.type_bigint() }}) as stage_completed_stays,
        coalesce(
            stage_completed_stays >= 5 and days_in_stage > 2 * stage_median_days, false
        ) as is_stuck,
        cast(expected_close_on as date) as expected_close_on,
        coalesce(expected_close_on < as_of_date, false) as is_overdue,
        cast(days_since_last_call as {{ dbt.type_bigint() }}) as days_since_last_call,
        coalesce(days_since_last_call > {{ no_activity_days }}, true) as is_inactive
    from measured
)

select * from final
