-- Every rate of the funnel marts is a share: between 0 and 1 (null only for a zero denominator).
-- A rate above 1 means a period ratio or a wrong denominator slipped in.
with

rates as (
    select 'kpi_conversion_rate.conversion_rate_to_date' as rate_name, conversion_rate_to_date as rate
    from {{ ref('kpi_conversion_rate') }}
    union all
    select 'kpi_conversion_rate.conversion_rate_in_window', conversion_rate_in_window
    from {{ ref('kpi_conversion_rate') }}
    union all
    select 'kpi_lead_funnel.qualified_rate', qualified_rate from {{ ref('kpi_lead_funnel') }}
    union all
    select 'kpi_lead_funnel.qualified_to_deal_rate', qualified_to_deal_rate from {{ ref('kpi_lead_funnel') }}
    union all
    select 'kpi_lead_funnel.deal_to_won_rate', deal_to_won_rate from {{ ref('kpi_lead_funnel') }}
    union all
    select 'kpi_lead_funnel.valid_to_won_rate', valid_to_won_rate from {{ ref('kpi_lead_funnel') }}
    union all
    select 'kpi_sales_cycle.win_rate_by_count', win_rate_by_count from {{ ref('kpi_sales_cycle') }}
    union all
    select 'kpi_sales_cycle.win_rate_by_amount', win_rate_by_amount from {{ ref('kpi_sales_cycle') }}
    union all
    select 'kpi_pipeline_value.stage_probability', stage_probability from {{ ref('kpi_pipeline_value') }}
)

select
    rate_name,
    rate
from rates
where rate < 0 or rate > 1
