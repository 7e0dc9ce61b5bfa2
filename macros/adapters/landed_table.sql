{#-
    landed_table(system, table, columns, optional_columns=[], optional=false): the select a
    source adapter's base model is, over one table a connector (Fivetran, Airbyte) landed.

    The table is read from the schema named by the setting `<system>_schema` or, with
    raw_data_dir, from the file `<dir>/<system>__<table>.csv|.parquet` (the same reader as the
    contract's files). Every listed column comes out as text (so that a value that does not
    convert reaches staging as it is and is rejected there with a reason), plus `_row_number`.

    - columns: required columns; a missing one stops the run naming the table and the column.
    - optional_columns: read as null when the table does not have them.
    - optional: a missing table reads as empty (the adapter then falls back, e.g. stages
      derived from opportunities when OpportunityStage was not landed).
    Column names are matched case-insensitively; an entry may be a pair (column in the
    table, name it gets) to read a column whose name is a setting.
-#}
{% macro landed_table(system, table, columns, optional_columns=[], optional=false) %}
    {%- set wanted = [] -%}
    {%- for entry in columns + optional_columns -%}
        {%- set pair = [entry, entry] if entry is string else entry -%}
        {%- do wanted.append({'column': pair[0] | lower, 'name': pair[1], 'required': loop.index <= (columns | length)}) -%}
    {%- endfor -%}
    {%- if not execute -%}
        {{ return('select 1 as _parse_only') }}
    {%- endif -%}

    {%- set located = locate_landed_table(system, table) -%}
    {%- if located is none -%}
        {%- if optional -%}
            {{ log("Optional " ~ system ~ " table " ~ table ~ " not found: it counts as empty.", info=true) }}
            {%- set select_list = [] -%}
            {%- for item in wanted -%}
                {%- do select_list.append('cast(null as ' ~ dbt.type_string() ~ ') as ' ~ item.name) -%}
            {%- endfor -%}
            {{ return('select ' ~ select_list | join(', ') ~ ', cast(null as ' ~ dbt.type_int() ~ ') as _row_number where 1 = 0') }}
        {%- endif -%}
        {{ exceptions.raise_compiler_error("Cannot read the " ~ system ~ " table " ~ table ~ " (" ~ landed_table_label(system, table) ~ "): it is required when " ~ system ~ " is a source system.") }}
    {%- endif -%}

    {%- set present = {} -%}
    {%- for name in located.columns -%}
        {%- do present.update({name | trim | lower: name}) -%}
    {%- endfor -%}
    {%- set select_list = [] -%}
    {%- for item in wanted -%}
        {%- if item.column in present -%}
            {%- do select_list.append('cast(' ~ adapter.quote(present[item.column]) ~ ' as ' ~ dbt.type_string() ~ ') as ' ~ item.name) -%}
        {%- elif item.required -%}
            {{ exceptions.raise_compiler_error("Cannot read " ~ located.label ~ ": the required column '" ~ item.column ~ "' is missing (columns found: " ~ (present.keys() | list | sort | join(', ')) ~ ").") }}
        {%- else -%}
            {%- do select_list.append('cast(null as ' ~ dbt.type_string() ~ ') as ' ~ item.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('select ' ~ select_list | join(', ') ~ ', ' ~ (located.get('row_number_column') or 'row_number() over ()') ~ ' as _row_number from ' ~ located.sql ~ ' as landed') }}
{% endmacro %}

{#- {label, sql, columns} of a landed table, or none when it is not there. -#}
{% macro locate_landed_table(system, table) %}
    {%- set raw_dir = setting('raw_data_dir') -%}
    {%- if raw_dir -%}
        {%- set located = adapter.dispatch('locate_raw_file', 'sales_kpi')(raw_dir, system ~ '__' ~ table) -%}
        {%- if not located -%}{{ return(none) }}{%- endif -%}
        {%- set columns = located_file_columns(located) -%}
        {%- set internal = [located.get('row_number_column'), located.get('row_error_column')] + located.get('internal_columns', []) -%}
        {{ return({'label': located.label, 'sql': located.sql, 'columns': columns | reject('in', internal) | list, 'row_number_column': located.get('row_number_column')}) }}
    {%- endif -%}
    {%- set existing = adapter.get_relation(database=target.database, schema=setting(system ~ '_schema'), identifier=table) -%}
    {%- if existing is none -%}{{ return(none) }}{%- endif -%}
    {%- set columns = adapter.get_columns_in_relation(existing) | map(attribute='name') | list -%}
    {{ return({'label': 'table ' ~ existing, 'sql': existing, 'columns': columns}) }}
{% endmacro %}

{% macro landed_table_label(system, table) %}
    {%- set raw_dir = setting('raw_data_dir') -%}
    {%- if raw_dir -%}
        {{ return(raw_dir.rstrip('/') ~ '/' ~ system ~ '__' ~ table ~ '.csv or .parquet') }}
    {%- endif -%}
    {{ return('schema ' ~ setting(system ~ '_schema')) }}
{% endmacro %}
