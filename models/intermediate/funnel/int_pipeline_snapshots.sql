{#- The open deals as of every pipeline date (each month end in the data, and as_of_date):
    created on or before the date, not deleted, not closed by the end of the date, and not in
    a closed stage at the date. The stage at the date is the latest stage-history entry on or
    before it; with none, the current stage when it is open, else `unknown` (a deal closed now
    whose history does not reach back to the date: it was open then, in a stage nobody
    recorded; probability null, so it adds its value and 0 to weighted pipeline). Amounts at
    the date's exchange rate. -#}
with

months as (
    select * from {{ ref('int_calendar_months') }}
),

deals as (
    select * from {{ ref('int_deals_enriched') }}
),

spans as (
    select * from {{ ref('int_deal_stage_spans') }}
),

stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

{# snapshot_date is each month's last day, and as_of_date in the month that contains it. -#}
snapshot_dates as (
    select distinct snapshot_date from months
),

candidates as (
    select
        snapshot_dates.snapshot_date,
        deals.deal_id,
        deals.owner_id,
        deals.deal_type,
        deals.channel,
        deals.amount,
        deals.currency,
        deals.expected_close_on,
        deals.stage as current_stage,
        deals.is_closed as is_closed_now
    from snapshot_dates
    inner join deals
        on snapshot_dates.snapshot_date >= deals.created_date
    where
        not deals.is_deleted
        and (deals.closed_date is null or deals.closed_date > snapshot_dates.snapshot_date)
),

{# The history entries as intervals: each holds from its entry date to the next entry's date
    (exclusive), so the last entry of a day wins. -#}
history_intervals as (
    select
        deal_id,
        stage,
        entered_date as valid_from_date,
        lead(entered_date) over (partition by deal_id order by span_number) as valid_to_date
    from spans
    where span_source = 'history'
),

stage_at_date as (
    select
        candidates.*,
        case
            when history_intervals.stage is not null then history_intervals.stage
            when not candidates.is_closed_now then candidates.current_stage
            else '{{ unknown_stage() }}'
        end as stage
    from candidates
    left join history_intervals
        on
        candidates.deal_id = history_intervals.deal_id
        and candidates.snapshot_date >= history_intervals.valid_from_date
        and (history_intervals.valid_to_date is null or candidates.snapshot_date < history_intervals.valid_to_date)
),

with_stage as (
    select
        stage_at_date.*,
        stages.probability,
        stages.stage_order,
        coalesce(stages.is_closed, false) as is_closed_stage
    from stage_at_date
    left join stages
        on stage_at_date.stage = stages.stage
),

converted as (
    select
        with_stage.*,
        {{ to_reporting('with_stage.amount', 'snapshot_fx') }} as amount_reporting
    from with_stage
    {{ fx_join('snapshot_fx', 'with_stage.currency', 'with_stage.snapshot_date') }}
),

final as (
    select
        converted.snapshot_date as as_of_date,
        converted.deal_id,
        converted.owner_id,
        converted.deal_type,
        converted.stage,
        converted.stage_order,
        converted.stage = '{{ unknown_stage() }}' as is_stage_unknown,
        converted.channel,
        cast(converted.probability as {{ type_double() }}) as stage_probability,
        cast(converted.amount_reporting as {{ type_double() }}) as amount,
        cast(converted.amount_reporting * converted.probability as {{ type_double() }}) as weighted_amount,
        converted.amount is not null as has_amount,
        converted.snapshot_date = period.as_of_date as is_as_of_date,
        converted.expected_close_on
    from converted
    cross join period
    where not converted.is_closed_stage
)

select * from final
