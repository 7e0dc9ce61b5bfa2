-- No deal is lost between staging and the funnel intermediates: int_deals_enriched has exactly
-- the staged deals, and every one of them has at least one stage span.
with

staged as (
    select count(*) as deals from {{ ref('linked_crm__deals') }}
),

enriched as (
    select count(*) as deals from {{ ref('int_deals_enriched') }}
),

with_spans as (
    select count(distinct deal_id) as deals from {{ ref('int_deal_stage_spans') }}
)

select
    staged.deals as staged_deals,
    enriched.deals as enriched_deals,
    with_spans.deals as deals_with_spans
from staged
cross join enriched
cross join with_spans
where staged.deals != enriched.deals or staged.deals != with_spans.deals
