-- Every rate of the funnel marts is a share: between 0 and 1 (null only for a zero denominator).
-- A rate above 1 means a period ratio or a wrong denominator slipped in. (The stage probability
-- of kpi_pipeline_value is a share too: its home is the mart's GX suite, the sanity check for
-- the 0-100 mistake; assert_pipeline_weighted_not_above_value fails the build on it as well.)
{% set rates = [
    ('kpi_conversion_rate', 'conversion_rate_to_date'),
    ('kpi_conversion_rate', 'conversion_rate_in_window'),
    ('kpi_lead_funnel', 'qualified_rate'),
    ('kpi_lead_funnel', 'qualified_to_deal_rate'),
    ('kpi_lead_funnel', 'deal_to_won_rate'),
    ('kpi_lead_funnel', 'valid_to_won_rate'),
    ('kpi_sales_cycle', 'win_rate_by_count'),
    ('kpi_sales_cycle', 'win_rate_by_amount'),
] -%}
with

rates as (
    {%- for model, column in rates %}
    select
        '{{ model }}.{{ column }}' as rate_name,
        {{ column }} as rate
    from {{ ref(model) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    rate_name,
    rate
from rates
where rate < 0 or rate > 1
