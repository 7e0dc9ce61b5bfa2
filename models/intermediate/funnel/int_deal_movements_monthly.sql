{#- How each deal moved through the open pipeline in each month: one row per month × deal open
    at the end of the previous month (D0) or at the end of this one (D1; as_of_date in the
    as-of month), or created and closed within the month. The bucket says how; values come
    from int_pipeline_snapshots (D0's rate at the opening, D1's at the closing). -#}
with

months as (
    select * from {{ ref('int_calendar_months') }}
),

snapshots as (
    select * from {{ ref('int_pipeline_snapshots') }}
),

deals as (
    select * from {{ ref('int_deals_enriched') }}
),

{# D0 is the previous month's snapshot date (its last day); the first month of the report has
    no earlier pipeline date, and nothing was created before it, so its opening is empty. -#}
month_ends as (
    select
        month_start,
        snapshot_date as closing_date,
        lag(snapshot_date) over (order by month_start) as opening_date
    from months
),

{# Each month's two ends, D0 (opening) and D1 (closing), as rows: one join reads the pipeline
    at both. -#}
month_end_dates as (
    select
        month_start,
        opening_date,
        closing_date,
        'opening' as month_end,
        opening_date as as_of_date
    from month_ends
    union all
    select
        month_start,
        opening_date,
        closing_date,
        'closing' as month_end,
        closing_date as as_of_date
    from month_ends
),

month_end_snapshots as (
    select
        month_end_dates.month_start,
        month_end_dates.opening_date,
        month_end_dates.closing_date,
        month_end_dates.month_end,
        snapshots.deal_id,
        snapshots.owner_id,
        snapshots.stage,
        snapshots.stage_order,
        snapshots.stage_probability,
        snapshots.amount,
        snapshots.weighted_amount
    from month_end_dates
    inner join snapshots
        on month_end_dates.as_of_date = snapshots.as_of_date
),

opening as (
    select * from month_end_snapshots
    where month_end = 'opening'
),

closing as (
    select * from month_end_snapshots
    where month_end = 'closing'
),

open_at_either_end as (
    select
        coalesce(opening.month_start, closing.month_start) as month_start,
        coalesce(opening.opening_date, closing.opening_date) as opening_date,
        coalesce(opening.closing_date, closing.closing_date) as closing_date,
        coalesce(opening.deal_id, closing.deal_id) as deal_id,
        coalesce(opening.owner_id, closing.owner_id) as owner_id,
        opening.deal_id is not null as is_open_at_opening,
        closing.deal_id is not null as is_open_at_closing,
        opening.stage as opening_stage,
        closing.stage as closing_stage,
        opening.stage_order as opening_stage_order,
        closing.stage_order as closing_stage_order,
        opening.stage_probability as opening_probability,
        closing.stage_probability as closing_probability,
        opening.amount as opening_amount,
        closing.amount as closing_amount,
        opening.weighted_amount as opening_weighted_amount,
        closing.weighted_amount as closing_weighted_amount
    from opening
    full outer join closing
        on opening.month_start = closing.month_start
        and opening.deal_id = closing.deal_id
),

bucketed as (
    {#- A deal that leaves the pipeline is won when it is won now and lost otherwise (closed
        lost, or moved into a closed stage that history records before closed_at). -#}
    select
        open_at_either_end.*,
        deals.created_date,
        deals.closed_date,
        case
            when open_at_either_end.is_open_at_opening and open_at_either_end.is_open_at_closing
                then case
                        when open_at_either_end.closing_stage_order > open_at_either_end.opening_stage_order
                            then 'advanced'
                        when open_at_either_end.closing_stage_order < open_at_either_end.opening_stage_order
                            then 'regressed'
                        else 'unchanged'
                    end
            when open_at_either_end.is_open_at_opening
                then case when deals.is_won then 'won' else 'lost' end
            when
                open_at_either_end.opening_date is null
                or deals.created_date > open_at_either_end.opening_date
                then 'new'
            else 'reopened'
        end as bucket
    from open_at_either_end
    inner join deals
        on open_at_either_end.deal_id = deals.deal_id
),

created_and_closed as (
    {#- Created and closed within the month: open at neither end, out of the value bridge. -#}
    select
        month_ends.month_start,
        month_ends.opening_date,
        month_ends.closing_date,
        deals.deal_id,
        deals.owner_id,
        case when deals.is_won then 'created_and_closed_won' else 'created_and_closed_lost' end as bucket,
        deals.created_date,
        deals.closed_date
    from month_ends
    inner join deals
        on month_ends.month_start <= deals.created_date
        and month_ends.month_start <= deals.closed_date
        and month_ends.closing_date >= deals.closed_date
    where not deals.is_deleted
),

final as (
    select
        month_start,
        opening_date,
        closing_date,
        deal_id,
        owner_id,
        bucket,
        is_open_at_opening,
        is_open_at_closing,
        opening_stage,
        closing_stage,
        cast(coalesce(opening_amount, 0) as {{ type_double() }}) as opening_value,
        cast(coalesce(closing_amount, 0) as {{ type_double() }}) as closing_value,
        cast(coalesce(opening_weighted_amount, 0) as {{ type_double() }}) as opening_weighted_value,
        cast(coalesce(closing_weighted_amount, 0) as {{ type_double() }}) as closing_weighted_value,
        {#- Carried deals only: the change of value from D0's rate to D1's, and of weight split
            into that rate change (at D0's probability) and the change of probability (at D1's
            rate): a1 × p1 − a0 × p0 = (a1 − a0) × p0 + a1 × (p1 − p0). -#}
        cast(case
            when is_open_at_opening and is_open_at_closing
                then coalesce(closing_amount, 0) - coalesce(opening_amount, 0)
            else 0
        end as {{ type_double() }}) as fx_effect,
        cast(case
            when is_open_at_opening and is_open_at_closing
                then (coalesce(closing_amount, 0) - coalesce(opening_amount, 0)) * coalesce(opening_probability, 0)
            else 0
        end as {{ type_double() }}) as weighted_fx_effect,
        cast(case
            when is_open_at_opening and is_open_at_closing
                then coalesce(closing_amount, 0) * (coalesce(closing_probability, 0) - coalesce(opening_probability, 0))
            else 0
        end as {{ type_double() }}) as weighted_stage_change
    from bucketed
    union all
    select
        month_start,
        opening_date,
        closing_date,
        deal_id,
        owner_id,
        bucket,
        false as is_open_at_opening,
        false as is_open_at_closing,
        cast(null as {{ dbt.type_string() }}) as opening_stage,
        cast(null as {{ dbt.type_string() }}) as closing_stage,
        cast(0 as {{ type_double() }}) as opening_value,
        cast(0 as {{ type_double() }}) as closing_value,
        cast(0 as {{ type_double() }}) as opening_weighted_value,
        cast(0 as {{ type_double() }}) as closing_weighted_value,
        cast(0 as {{ type_double() }}) as fx_effect,
        cast(0 as {{ type_double() }}) as weighted_fx_effect,
        cast(0 as {{ type_double() }}) as weighted_stage_change
    from created_and_closed
)

select * from final
