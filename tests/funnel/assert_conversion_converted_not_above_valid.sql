-- A cohort rate can never exceed 100%: converted leads are a subset of the valid leads, and those
-- converted within the window a subset of those converted to date.
select
    cohort_month,
    channel,
    source,
    owner_id,
    leads_valid,
    leads_converted_to_date,
    leads_converted_in_window
from {{ ref('kpi_conversion_rate') }}
where
    leads_converted_to_date > leads_valid
    or leads_converted_in_window > leads_converted_to_date
    or leads_converted_in_window < 0
