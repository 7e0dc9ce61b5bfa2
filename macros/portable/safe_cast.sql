{#- dbt.safe_cast on DuckDB: dbt-duckdb 1.11 does not implement it, so dbt's default (a plain
    cast, which fails on 'twelve hundred') was used. DuckDB's try_cast gives null instead, which
    is what staging's parse macros expect (an unparseable value is rejected with a reason). -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
