{#- True when the whole text matches a regular expression. -#}
{% macro regexp_full_match(column, pattern) -%}
    {{ adapter.dispatch('regexp_full_match', 'sales_kpi')(column, pattern) }}
{%- endmacro %}

{% macro default__regexp_full_match(column, pattern) -%}
    coalesce({{ column }} ~ '^({{ pattern }})$', false)
{%- endmacro %}

{% macro duckdb__regexp_full_match(column, pattern) -%}
    coalesce(regexp_full_match({{ column }}, '{{ pattern }}'), false)
{%- endmacro %}

{% macro spark__regexp_full_match(column, pattern) -%}
    coalesce({{ column }} rlike '^({{ pattern }})$', false)
{%- endmacro %}
