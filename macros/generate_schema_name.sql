{#- Land each layer in a schema named after it (raw, staging, data_quality, intermediate,
    marts) rather than dbt's default <target>_<custom>: BI tools read `marts.kpi_*`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
