-- The MRR bridge month by month: opening + fx + new + expansion + contraction + churn +
-- reactivation against closing, and each month's opening against last month's closing.
-- Both differences must be zero to the cent (the guards in tests/revenue enforce it).
with

mrr as (
    select * from {{ ref('kpi_mrr') }}
),

final as (
    select
        month,
        opening_mrr,
        fx_effect,
        new_mrr,
        expansion_mrr,
        contraction_mrr,
        churned_mrr,
        reactivation_mrr,
        closing_mrr,
        opening_mrr + fx_effect + new_mrr + expansion_mrr + contraction_mrr + churned_mrr
        + reactivation_mrr - closing_mrr as bridge_difference,
        closing_mrr - lag(closing_mrr) over (order by month) as closing_change
    from mrr
)

select * from final
order by month
