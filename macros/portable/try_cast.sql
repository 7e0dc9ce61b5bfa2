{#-
    try_cast(expression, data_type): the value cast to data_type, or null when it does not
    cast (never an error). Staging parses raw text with it and rejects what did not parse.

    DuckDB has try_cast (dbt.safe_cast, made a try_cast in macros/portable/safe_cast.sql). Postgres has no non-failing cast: there the project
    creates one small function per data type at the start of every run
    (create_try_cast_functions, on-run-start) that catches the cast error and returns null.
-#}
{% macro try_cast(expression, data_type) -%}
    {{ adapter.dispatch('try_cast', 'sales_kpi')(expression, data_type) }}
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    {{ dbt.safe_cast(expression, data_type) }}
{%- endmacro %}

{% macro postgres__try_cast(expression, data_type) -%}
    {%- if data_type | trim | lower not in _try_cast_types() -%}
        {{ exceptions.raise_compiler_error("try_cast on postgres supports " ~ (_try_cast_types() | join(', ')) ~ ", not '" ~ data_type ~ "': add it to _try_cast_types().") }}
    {%- endif -%}
    {{ _try_cast_function(data_type) }}(cast({{ expression }} as text))
{%- endmacro %}

{#- The data types staging parses into (Postgres spelling). -#}
{% macro _try_cast_types() -%}
    {{ return([dbt.type_numeric() | lower, type_double() | trim | lower, 'date', 'timestamp with time zone']) }}
{%- endmacro %}

{% macro _try_cast_function(data_type) -%}
    {{- target.schema }}.sales_kpi_try_cast_{{ modules.re.sub('[^a-z0-9]+', '_', data_type | trim | lower).strip('_') -}}
{%- endmacro %}

{#- on-run-start: the functions postgres__try_cast calls (nothing to create elsewhere). -#}
{% macro create_try_cast_functions() -%}
    {{ return(adapter.dispatch('create_try_cast_functions', 'sales_kpi')()) }}
{%- endmacro %}

{% macro default__create_try_cast_functions() -%}
    {{ return('select 1 as try_cast_is_built_in') }}
{%- endmacro %}

{% macro postgres__create_try_cast_functions() -%}
    {%- set statements = ['create schema if not exists ' ~ target.schema] -%}
    {%- for data_type in _try_cast_types() -%}
        {%- do statements.append(
            'create or replace function ' ~ _try_cast_function(data_type) ~ '(value text) returns ' ~ data_type
            ~ ' language plpgsql stable as $try_cast$ begin return cast(value as ' ~ data_type ~ '); '
            ~ 'exception when others then return null; end $try_cast$'
        ) -%}
    {%- endfor -%}
    {{ return(statements | join(';\n')) }}
{%- endmacro %}
