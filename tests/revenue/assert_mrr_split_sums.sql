-- The inbound / outbound / unattributed split is only trustworthy if nothing falls between the
-- channels: the new MRR split sums to new MRR, and the MRR stock by acquisition channel sums to
-- total (closing) MRR, every month. Unattributed customers must be kept, not dropped.
with

mrr as (
    select * from {{ ref('kpi_mrr') }}
)

select
    month,
    new_mrr,
    new_mrr_inbound,
    new_mrr_outbound,
    new_mrr_unattributed,
    closing_mrr,
    mrr_inbound,
    mrr_outbound,
    mrr_unattributed
from mrr
where
    abs(new_mrr_inbound + new_mrr_outbound + new_mrr_unattributed - new_mrr) > 0.005
    or abs(mrr_inbound + mrr_outbound + mrr_unattributed - closing_mrr) > 0.005
    or abs(arr - 12 * closing_mrr) > 0.005
