-- The pipeline waterfall closes, every month and owner, in deals and to the cent in value:
-- closing = opening - won - lost + fx_effect + new + reopened (fx_effect is 0 for counts), and
-- the carried deals are the opening deals that were neither won nor lost.
with

movement as (
    select * from {{ ref('kpi_pipeline_movement') }}
)

select
    month,
    owner_id,
    opening_deals,
    closing_deals,
    opening_value,
    closing_value
from movement
where
    opening_deals - won_deals - lost_deals + new_deals + reopened_deals != closing_deals
    or advanced_deals + regressed_deals + unchanged_deals != opening_deals - won_deals - lost_deals
    or abs(
        opening_value - won_value - lost_value + fx_effect + new_value + reopened_value - closing_value
    ) > 0.005
    or abs(carried_value_opening + fx_effect - carried_value_closing) > 0.005
