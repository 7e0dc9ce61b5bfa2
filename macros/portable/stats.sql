{#- Continuous percentile (p from 0 to 1) of a column, as an aggregate. -#}
{% macro percentile_cont(column, p) -%}
    {{ adapter.dispatch('percentile_cont', 'sales_kpi')(column, p) }}
{%- endmacro %}

{% macro default__percentile_cont(column, p) -%}
    percentile_cont({{ p }}) within group (order by {{ column }})
{%- endmacro %}

{% macro duckdb__percentile_cont(column, p) -%}
    quantile_cont({{ column }}, {{ p }})
{%- endmacro %}

{% macro spark__percentile_cont(column, p) -%}
    percentile({{ column }}, {{ p }})
{%- endmacro %}

{% macro median(column) -%}
    {{ percentile_cont(column, 0.5) }}
{%- endmacro %}

{#- A ratio that is null (never 0, never an error) when the denominator is 0 or null. -#}
{% macro safe_divide(numerator, denominator) -%}
    (cast({{ numerator }} as {{ type_double() }}) / nullif({{ denominator }}, 0))
{%- endmacro %}
