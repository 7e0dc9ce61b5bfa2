-- Pipeline coverage is exactly pipeline expected in the quarter / quota left to win: null when
-- nothing is left (quota met), never negative; and the quarter's expected pipeline is part of
-- the whole open pipeline of the owner at that date.
with

coverage as (
    select * from {{ ref('kpi_pipeline_coverage') }}
),

pipeline as (
    select
        as_of_date,
        owner_id,
        sum(open_deals) as open_deals,
        sum(pipeline_value) as pipeline_value
    from {{ ref('kpi_pipeline_value') }}
    group by as_of_date, owner_id
)

select
    coverage.as_of_date,
    coverage.owner_id,
    coverage.pipeline_coverage,
    coverage.remaining_quota_amount,
    coverage.pipeline_expected_in_quarter,
    pipeline.pipeline_value
from coverage
left join pipeline
    on
    coverage.as_of_date = pipeline.as_of_date
    and coverage.owner_id = pipeline.owner_id
where
    abs(coverage.remaining_quota_amount - (coverage.quota_amount - coverage.won_amount_quarter_to_date)) > 0.005
    or (coverage.remaining_quota_amount > 0 and coverage.pipeline_coverage is null)
    or (coverage.remaining_quota_amount <= 0 and coverage.pipeline_coverage is not null)
    or coverage.pipeline_coverage < 0
    or abs(
        coverage.pipeline_coverage * coverage.remaining_quota_amount - coverage.pipeline_expected_in_quarter
    ) > 0.005
    or coverage.weighted_pipeline_expected_in_quarter > coverage.pipeline_expected_in_quarter + 0.005
    or coverage.open_deals_expected_in_quarter > coalesce(pipeline.open_deals, 0)
    or coverage.pipeline_expected_in_quarter > coalesce(pipeline.pipeline_value, 0) + 0.005
