-- Every rate of the funnel marts is a share: between 0 and 1 (null only for a zero denominator).
-- A rate above 1 means a period ratio or a wrong denominator slipped in.
with

rates as (
    select
        'kpi_conversion_rate.conversion_rate_to_date' as rate_name,
        conversion_rate_to_date as rate
    from {{ ref('kpi_conversion_rate') }}
    union all
    select
        'kpi_conversion_rate.conversion_rate_in_window' as rate_name,
        conversion_rate_in_window as rate
    from {{ ref('kpi_conversion_rate') }}
    union all
    select
        'kpi_lead_funnel.qualified_rate' as rate_name,
        qualified_rate as rate
    from {{ ref('kpi_lead_funnel') }}
    union all
    select
        'kpi_lead_funnel.qualified_to_deal_rate' as rate_name,
        qualified_to_deal_rate as rate
    from {{ ref('kpi_lead_funnel') }}
    union all
    select
        'kpi_lead_funnel.deal_to_won_rate' as rate_name,
        deal_to_won_rate as rate
    from {{ ref('kpi_lead_funnel') }}
    union all
    select
        'kpi_lead_funnel.valid_to_won_rate' as rate_name,
        valid_to_won_rate as rate
    from {{ ref('kpi_lead_funnel') }}
    union all
    select
        'kpi_sales_cycle.win_rate_by_count' as rate_name,
        win_rate_by_count as rate
    from {{ ref('kpi_sales_cycle') }}
    union all
    select
        'kpi_sales_cycle.win_rate_by_amount' as rate_name,
        win_rate_by_amount as rate
    from {{ ref('kpi_sales_cycle') }}
    union all
    select
        'kpi_pipeline_value.stage_probability' as rate_name,
        stage_probability as rate
    from {{ ref('kpi_pipeline_value') }}
)

select
    rate_name,
    rate
from rates
where rate < 0 or rate > 1
