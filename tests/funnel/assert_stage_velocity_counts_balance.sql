-- Every stay in a stage is either finished or still running, days in a stage are never negative,
-- and the mean lies between 0 and the total.
select
    stage,
    owner_id,
    stage_entries,
    stage_exits,
    stage_entries_running,
    days_in_stage_total
from {{ ref('kpi_stage_velocity') }}
where
    stage_entries != stage_exits + stage_entries_running
    or days_in_stage_total < 0
    or days_in_stage_median < 0
    or days_in_stage_mean > days_in_stage_total
