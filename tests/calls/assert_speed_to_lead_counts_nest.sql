-- Leads called within 5 minutes are among those called within 60, which are among the leads
-- called, which are among the leads: otherwise a share could exceed 100%.
select
    cohort_month,
    owner_id,
    leads,
    leads_called,
    leads_called_within_60_min,
    leads_called_within_5_min
from {{ ref('kpi_speed_to_lead') }}
where leads_called > leads
    or leads_called_within_60_min > leads_called
    or leads_called_within_5_min > leads_called_within_60_min
    or leads_called_before_created > leads_called_within_5_min
    or leads_never_called != leads - leads_called
    or median_minutes_to_first_call < 0
