{#- The open deals as of every pipeline date (each month end in the data, and as_of_date):
    created on or before the date, not deleted, not closed by the end of the date, and in an
    open stage at the date (from stage history). Amounts at the date's exchange rate. -#}
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
        deals.expected_close_on
    from snapshot_dates
    inner join deals
        on snapshot_dates.snapshot_date >= deals.created_date
    where
        not deals.is_deleted
        and (deals.closed_date is null or deals.closed_date > snapshot_dates.snapshot_date)
),

{# The stage at the date: the latest span entered on or before it; before the first
    history entry (should history start after creation), the first recorded stage. -#}
stage_candidates as (
    select
        candidates.snapshot_date,
        candidates.deal_id,
        spans.stage,
        row_number() over (
            partition by candidates.snapshot_date, candidates.deal_id
            order by
                case when spans.entered_date <= candidates.snapshot_date then 0 else 1 end,
                case when spans.entered_date <= candidates.snapshot_date then spans.span_number end desc,
                spans.span_number
        ) as stage_rank
    from candidates
    inner join spans
        on candidates.deal_id = spans.deal_id
),

with_stage as (
    select
        candidates.*,
        stage_candidates.stage,
        stages.probability,
        coalesce(stages.is_closed, false) as is_closed_stage
    from candidates
    inner join stage_candidates
        on
        candidates.snapshot_date = stage_candidates.snapshot_date
        and candidates.deal_id = stage_candidates.deal_id
        and stage_candidates.stage_rank = 1
    left join stages
        on stage_candidates.stage = stages.stage
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
