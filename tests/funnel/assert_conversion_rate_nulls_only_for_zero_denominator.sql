-- A rate with a zero denominator is null (never 0, never an error), and a rate with a non-zero
-- denominator is never null.
select
    cohort_month,
    channel,
    source,
    owner_id,
    leads_valid,
    conversion_rate_to_date,
    conversion_rate_in_window
from {{ ref('kpi_conversion_rate') }}
where
    (leads_valid = 0 and (conversion_rate_to_date is not null or conversion_rate_in_window is not null))
    or (leads_valid > 0 and (conversion_rate_to_date is null or conversion_rate_in_window is null))
