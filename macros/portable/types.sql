{#- An 8-byte float: dbt.type_float() is 4-byte on DuckDB. -#}
{% macro type_double() -%}
    {{ adapter.dispatch('type_double', 'sales_kpi')() }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
