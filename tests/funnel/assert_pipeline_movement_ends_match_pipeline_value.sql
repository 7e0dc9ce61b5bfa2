-- The waterfall starts and ends on the published pipeline: per month and owner, closing deals
-- and value equal kpi_pipeline_value at the month's snapshot date, and the opening equals the
-- previous month's closing (both ways: an owner missing on either side fails).
with

movement as (
    select * from {{ ref('kpi_pipeline_movement') }}
),

pipeline as (
    select * from {{ ref('kpi_pipeline_value') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

pipeline_by_month as (
    select
        months.month_start as month,
        pipeline.owner_id,
        sum(pipeline.open_deals) as open_deals,
        sum(pipeline.pipeline_value) as pipeline_value,
        sum(pipeline.weighted_pipeline_value) as weighted_pipeline_value
    from pipeline
    inner join months
        on pipeline.as_of_date = months.snapshot_date
    group by
        months.month_start,
        pipeline.owner_id
),

closing_vs_pipeline as (
    select
        coalesce(movement.month, pipeline_by_month.month) as month,
        coalesce(movement.owner_id, pipeline_by_month.owner_id) as owner_id,
        'closing' as check_name
    from movement
    full outer join pipeline_by_month
        on movement.month = pipeline_by_month.month
        and movement.owner_id = pipeline_by_month.owner_id
    where
        coalesce(movement.closing_deals, 0) != coalesce(pipeline_by_month.open_deals, 0)
        or abs(coalesce(movement.closing_value, 0) - coalesce(pipeline_by_month.pipeline_value, 0)) > 0.005
        or abs(
            coalesce(movement.weighted_closing_value, 0) - coalesce(pipeline_by_month.weighted_pipeline_value, 0)
        ) > 0.005
),

opening_vs_previous as (
    select
        movement.month,
        movement.owner_id,
        'opening' as check_name
    from movement
    left join pipeline_by_month
        on movement.owner_id = pipeline_by_month.owner_id
        and {{ dbt.dateadd('month', 1, 'pipeline_by_month.month') }} = movement.month
    where
        movement.opening_deals != coalesce(pipeline_by_month.open_deals, 0)
        or abs(movement.opening_value - coalesce(pipeline_by_month.pipeline_value, 0)) > 0.005
)

select * from closing_vs_pipeline
union all
select * from opening_vs_previous
