-- The funnel narrows at every step (valid >= qualified >= with a deal >= won), and its won leads
-- are the converted leads of the conversion mart, group by group.
with

funnel as (
    select * from {{ ref('kpi_lead_funnel') }}
),

conversion as (
    select * from {{ ref('kpi_conversion_rate') }}
)

select
    funnel.cohort_month,
    funnel.channel,
    funnel.source,
    funnel.owner_id,
    funnel.leads_valid,
    funnel.leads_qualified,
    funnel.leads_with_deal,
    funnel.leads_won,
    conversion.leads_converted_to_date
from funnel
left join conversion
    on
    funnel.cohort_month = conversion.cohort_month
    and funnel.channel = conversion.channel
    and funnel.source = conversion.source
    and funnel.owner_id = conversion.owner_id
where
    funnel.leads_qualified > funnel.leads_valid
    or funnel.leads_with_deal > funnel.leads_qualified
    or funnel.leads_won > funnel.leads_with_deal
    or conversion.leads_converted_to_date is null
    or funnel.leads_won != conversion.leads_converted_to_date
    or funnel.leads_valid != conversion.leads_valid
