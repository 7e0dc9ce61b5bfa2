{#-
    Reading and parsing raw text on Spark (dispatched from macros/raw and macros/portable).

    Spark's casts are lenient where DuckDB's are strict: `cast('2024-1-5' as date)` is a date,
    `cast('1d' as double)` is 1.0 and `cast('12.5' as bigint)` is 12. A value is cast only
    once its text has the shape the contract allows, so both engines reject the same rows.
    (ANSI mode off, Spark 3's default: a cast that fails is null, never an error.)
-#}

{#- Position in the raw table: the order the files were written in, then the row's index in
    its file (a seed is loaded by one insert per batch, each writing one file). -#}
{% macro spark__row_position() -%}
    row_number() over (
        order by _metadata.file_modification_time, _metadata.file_name, _metadata.row_index
    )
{%- endmacro %}

{% macro spark__try_cast(expression, data_type) -%}
    {%- set name = spark_type(data_type) | trim | lower -%}
    {%- if name.startswith('decimal') or name.startswith('numeric') or name in ('double', 'float', 'bigint', 'int', 'integer') -%}
        case
            when {{ _spark_is_number_text(expression) }}
            then cast({{ expression }} as {{ name }})
        end
    {%- else -%}
        cast({{ expression }} as {{ name }})
    {%- endif -%}
{%- endmacro %}

{#- A plain decimal number, optionally with an exponent: what DuckDB's numeric casts read. -#}
{% macro _spark_is_number_text(expression) -%}
    coalesce(trim({{ expression }}) rlike '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$', false)
{%- endmacro %}

{% macro spark__parse_date(column) -%}
    case
        when {{ regexp_full_match(nullif_blank(column), '[0-9]{4}-[0-9]{2}-[0-9]{2}') }}
        then cast({{ nullif_blank(column) }} as date)
    end
{%- endmacro %}

{#- A UTC timestamp, from the same shapes duckdb__parse_timestamp accepts: the offset is
    rewritten as +hh:mm (a missing one, Z or z as +00:00) and Spark's cast converts to UTC
    (the session time zone of the `spark` output). -#}
{% macro spark__parse_timestamp(column) -%}
    {%- set value = nullif_blank(column) -%}
    {%- set zone = "'(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$'" -%}
    {#- the date and time, without the offset, T read as a space -#}
    {%- set local = "replace(trim(regexp_replace(" ~ value ~ ", " ~ zone ~ ", '')), 'T', ' ')" -%}
    case
        when {{ value }} rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?[ \t\n\r]*(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)?$'
        then cast(
            case
                when length({{ value }}) = 10 then {{ value }} || ' 00:00:00'
                when length({{ local }}) = 10 then {{ local }} || ' 00:00:00'
                when length({{ local }}) = 16 then {{ local }} || ':00'
                else {{ local }}
            end
            || case
                when length({{ value }}) = 10 then '+00:00'
                when regexp_extract({{ value }}, {{ zone }}, 1) in ('', 'Z', 'z') then '+00:00'
                else substring(regexp_extract({{ value }}, {{ zone }}, 1), 1, 3) || ':'
                    || coalesce(nullif(substring(replace(regexp_extract({{ value }}, {{ zone }}, 1), ':', ''), 4, 2), ''), '00')
            end
            as timestamp
        )
    end
{%- endmacro %}

{#- Spark reads a double-quoted name as a string literal: identifiers are backtick-quoted, the
    backticks in the name doubled. -#}
{% macro spark__quote_identifier(name) -%}
    {{- '`' ~ (name | string).replace('`', '``') ~ '`' -}}
{%- endmacro %}

{#- Unix seconds (a Stripe export landed by Airbyte) as contract text, in UTC (the session time
    zone of the `spark` output). -#}
{% macro spark__unix_seconds_to_text(column) -%}
    date_format(timestamp_seconds(cast({{ column }} as bigint)), 'yyyy-MM-dd HH:mm:ss')
{%- endmacro %}
