{#-
    raw_relation(source_name, table_name): what a staging model selects from.

    Returns an aliased subquery (a FROM item: `select * from {{ raw_relation(...) }}`) with
    every contract column of `<source>__<table>` as text, in the contract's order, plus
    `_row_number` (the row's position in the file). The alias is part of the FROM item
    because Postgres (before 16) rejects a subquery in FROM without one. The contract
    (column names, nullability, optional tables) is read from the sources YAML, so it is
    written down once.

    - By default it reads the dbt source (the raw schema the seeds land in).
    - With the setting raw_data_dir it reads `<dir>/<source>__<table>.csv` or `.parquet`.
    - A missing optional table, or a missing nullable column, reads as empty / null.
    - A missing required table or column stops the run with a message naming the file or
      table and the column.
-#}
{% macro raw_relation(source_name, table_name) %}
    {#- A source fed by a system's adapter (crm_system, ...: macros/adapters) reads its model. -#}
    {%- set adapted = adapted_raw_relation(source_name, table_name) -%}
    {%- if adapted -%}
        {{ return(adapted) }}
    {%- endif -%}
    {%- set full_name = source_name ~ '__' ~ table_name -%}
    {%- set src = source(source_name, full_name) -%}
    {#- The bundled seed of the same name lands in the raw schema the source reads: depend on
        it, so that `dbt build` loads the seeds before staging reads them. -#}
    {%- set seed_relation = ref(full_name) -%}
    {%- set node = _raw_source_node(source_name, full_name) -%}
    {%- set columns = node.columns.values() | list -%}
    {%- if not execute -%}
        {{ return('(select 1 as _parse_only from ' ~ src ~ ') as raw_source') }}
    {%- endif -%}

    {%- set raw_dir = setting('raw_data_dir') -%}
    {%- if raw_dir -%}
        {%- set located = adapter.dispatch('locate_raw_file', 'sales_kpi')(raw_dir, full_name) -%}
        {%- set label = located.label if located else raw_dir ~ '/' ~ full_name ~ '.csv' -%}
        {%- set relation_sql = located.sql if located else none -%}
        {%- set present = adapter.dispatch('raw_file_columns', 'sales_kpi')(located.sql) if located else [] -%}
    {%- else -%}
        {%- set existing = adapter.get_relation(database=src.database, schema=src.schema, identifier=src.identifier) -%}
        {%- set label = 'raw table ' ~ src -%}
        {%- set relation_sql = src if existing else none -%}
        {%- set present = adapter.get_columns_in_relation(existing) | map(attribute='name') | map('lower') | list if existing else [] -%}
    {%- endif -%}

    {%- if relation_sql is none -%}
        {%- if node.meta.get('optional', false) -%}
            {{ log("Optional raw table " ~ full_name ~ " not found (" ~ label ~ "): it counts as empty.", info=true) }}
            {{ return(_empty_raw_relation(columns) ~ ' as raw_source') }}
        {%- endif -%}
        {{ exceptions.raise_compiler_error("Cannot read " ~ label ~ ": the required raw table " ~ full_name ~ " is missing.") }}
    {%- endif -%}

    {%- set present = present | map('trim') | map('lower') | list -%}
    {%- for column in columns -%}
        {%- if column.name not in present and not column.meta.get('nullable', false) -%}
            {{ exceptions.raise_compiler_error("Cannot read " ~ label ~ ": the required column '" ~ column.name ~ "' is missing (columns found: " ~ (present | join(', ')) ~ ").") }}
        {%- endif -%}
    {%- endfor -%}

    {%- set select_list = [] -%}
    {%- for column in columns -%}
        {%- if column.name in present -%}
            {%- do select_list.append('cast(' ~ adapter.quote(column.name) ~ ' as ' ~ dbt.type_string() ~ ') as ' ~ column.name) -%}
        {%- else -%}
            {%- do select_list.append('cast(null as ' ~ dbt.type_string() ~ ') as ' ~ column.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('(select ' ~ select_list | join(', ') ~ ', ' ~ row_position() ~ ' as _row_number from ' ~ relation_sql ~ ' as raw_rows) as raw_source') }}
{% endmacro %}

{% macro _raw_source_node(source_name, full_name) %}
    {%- if not execute -%}
        {#- The graph is only filled in once parsing is done. -#}
        {{ return({'columns': {}, 'meta': {}}) }}
    {%- endif -%}
    {%- for node in graph.sources.values() -%}
        {%- if node.source_name == source_name and node.name == full_name -%}
            {{ return(node) }}
        {%- endif -%}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("No source " ~ source_name ~ "." ~ full_name ~ " is declared in the contract.") }}
{% endmacro %}

{% macro _empty_raw_relation(columns) %}
    {%- set select_list = [] -%}
    {%- for column in columns -%}
        {%- do select_list.append('cast(null as ' ~ dbt.type_string() ~ ') as ' ~ column.name) -%}
    {%- endfor -%}
    {{ return('(select ' ~ select_list | join(', ') ~ ', cast(null as ' ~ dbt.type_int() ~ ') as _row_number where 1 = 0)') }}
{% endmacro %}

{#- Reading a folder of exported files is engine-specific: DuckDB reads CSV and Parquet
    directly. Other engines load the files into the raw schema instead. -#}
{% macro default__locate_raw_file(raw_dir, full_name) %}
    {{ exceptions.raise_compiler_error("raw_data_dir is supported on DuckDB only; on " ~ target.type ~ " load the exports into the raw schema and leave raw_data_dir unset.") }}
{% endmacro %}

{% macro duckdb__locate_raw_file(raw_dir, full_name) %}
    {%- set base = raw_dir.rstrip('/') ~ '/' ~ full_name -%}
    {%- for extension in ['parquet', 'csv'] -%}
        {%- set path = base ~ '.' ~ extension -%}
        {%- set found = run_query("select count(*) from glob(" ~ dbt.string_literal(path) ~ ")") -%}
        {%- if found.columns[0].values()[0] > 0 -%}
            {%- if extension == 'parquet' -%}
                {%- set sql = "read_parquet(" ~ dbt.string_literal(path) ~ ")" -%}
            {%- else -%}
                {%- set sql = "read_csv(" ~ dbt.string_literal(path) ~ ", header = true, all_varchar = true, auto_detect = true, delim = ',', quote = '\"', escape = '\"', strict_mode = false)" -%}
            {%- endif -%}
            {{ return({'label': path, 'sql': sql}) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{% endmacro %}

{% macro default__raw_file_columns(relation_sql) %}
    {{ return([]) }}
{% endmacro %}

{% macro duckdb__raw_file_columns(relation_sql) %}
    {%- set described = run_query("describe select * from " ~ relation_sql) -%}
    {{ return(described.columns[0].values() | list) }}
{% endmacro %}
