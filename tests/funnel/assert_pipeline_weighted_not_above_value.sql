-- Probability is a fraction 0-1, so the weighted pipeline can never exceed the pipeline value
-- (a 0-100 probability makes it 100 times too large), and neither can be negative.
select
    as_of_date,
    owner_id,
    deal_type,
    stage,
    pipeline_value,
    weighted_pipeline_value
from {{ ref('kpi_pipeline_value') }}
where
    weighted_pipeline_value > pipeline_value + 0.005
    or pipeline_value < 0
    or weighted_pipeline_value < 0
    or open_deals != open_deals_with_amount + open_deals_without_amount
