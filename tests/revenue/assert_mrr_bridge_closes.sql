-- The MRR bridge is what a head of sales reads to explain a month: opening + fx_effect + new +
-- expansion + contraction + churned + reactivation must equal closing MRR, every month, to the
-- cent. A gap means a customer or a movement was lost or counted twice.
with

mrr as (
    select * from {{ ref('kpi_mrr') }}
)

select
    month,
    opening_mrr,
    fx_effect,
    new_mrr,
    expansion_mrr,
    contraction_mrr,
    churned_mrr,
    reactivation_mrr,
    closing_mrr
from mrr
where
    abs(
        opening_mrr + fx_effect + new_mrr + expansion_mrr + contraction_mrr
        + churned_mrr + reactivation_mrr - closing_mrr
    ) > 0.005
