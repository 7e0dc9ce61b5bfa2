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

{#- Every match of a regular expression replaced (groups referred to as \1 in the
    replacement). -#}
{% macro regexp_replace_all(expression, pattern, replacement) -%}
    {{ adapter.dispatch('regexp_replace_all', 'sales_kpi')(expression, pattern, replacement) }}
{%- endmacro %}

{#- DuckDB and Postgres: the g flag replaces every match, not only the first. -#}
{% macro default__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{#- Spark replaces every match (its fourth argument is a start position, not flags) and
    refers to groups as $1; a backslash in a Spark string literal escapes the next character,
    so the pattern's backslashes are doubled. -#}
{% macro spark__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace(
        {{ expression }},
        '{{ pattern | replace("\\", "\\\\") }}',
        '{{ modules.re.sub("\\\\([0-9])", "$\\1", replacement) }}'
    )
{%- endmacro %}
