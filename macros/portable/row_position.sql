{#-
    row_position(): the position of a row in the raw table it is read from (1, 2, ...), in the
    order the rows were loaded. raw_relation numbers raw rows with it (`_row_number`), which
    names a rejected row and breaks ties between duplicate keys, so it must follow the file.

    DuckDB and Postgres read a freshly loaded table in load order (`row_number() over ()`).
    Spark numbers rows only in an ordered window: macros/portable/spark/raw.sql orders by the
    file a row was written to and its index in that file.
-#}
{% macro row_position() -%}
    {{ adapter.dispatch('row_position', 'sales_kpi')() }}
{%- endmacro %}

{% macro default__row_position() -%}
    row_number() over ()
{%- endmacro %}
