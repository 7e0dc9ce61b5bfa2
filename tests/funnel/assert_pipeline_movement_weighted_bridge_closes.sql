-- The weighted waterfall closes to the cent, every month and owner:
-- weighted closing = weighted opening - won - lost + weighted_fx_effect + weighted_stage_change
-- + new + reopened (the carried deals' change of weight is split into the rate change and the
-- change of probability).
with

movement as (
    select * from {{ ref('kpi_pipeline_movement') }}
)

select
    month,
    owner_id,
    weighted_opening_value,
    weighted_closing_value
from movement
where
    abs(
        weighted_opening_value - weighted_won_value - weighted_lost_value + weighted_fx_effect
        + weighted_stage_change + weighted_new_value + weighted_reopened_value - weighted_closing_value
    ) > 0.005
    or abs(
        weighted_carried_value_opening + weighted_fx_effect + weighted_stage_change
        - weighted_carried_value_closing
    ) > 0.005
