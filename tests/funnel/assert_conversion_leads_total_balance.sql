-- Every lead of a cohort is either excluded or valid: leads_total = leads_excluded + leads_valid,
-- and the exclusions split into deleted + invalid reason. If not, a lead fell through a crack
-- and the denominator of the conversion rate is wrong.
select
    cohort_month,
    channel,
    source,
    owner_id,
    leads_total,
    leads_excluded,
    leads_valid
from {{ ref('kpi_conversion_rate') }}
where
    leads_total != leads_excluded + leads_valid
    or leads_excluded != leads_deleted + leads_invalid_reason
