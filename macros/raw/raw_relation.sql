{#-
    raw_relation(source_name, table_name): what a staging model selects from.

    Returns an aliased subquery (a FROM item: `select * from {{ raw_relation(...) }}`) with
    every contract column of `<source>__<table>` as text (or, when the input already holds it
    in a type that fits the contract type, as that typed column: typed_input.sql), in the
    contract's order, plus
    `_row_number` (the row's position in the file, 1-based, header excluded) and `_row_error`
    (not null when the row could not be split into the header's fields: the row is then
    rejected as `unparseable row`). The alias is part of the FROM item because Postgres
    (before 16) rejects a subquery in FROM without one. The contract (column names,
    nullability, optional tables and columns) is read from the sources YAML.

    - By default it reads the dbt source (the raw schema the seeds land in).
    - With the setting raw_data_dir it reads `<dir>/<source>__<table>.csv` or `.parquet`
      (extension in any case; both present stops the run).
    - Header names match in any case and with surrounding spaces; a name twice stops the run.
    - A missing optional table reads as empty. A missing column marked optional reads as null;
      any other missing nullable column reads as null with a warning (and a row in
      dq_schema_findings); a missing required column stops the run naming file and column.
    - In every text column the texts NULL, null, N/A and - read as null (a missing value).
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

    {%- set read = read_raw_table(source_name, full_name) -%}
    {%- if read.sql is none -%}
        {%- if node.meta.get('optional', false) -%}
            {{ log("Optional raw table " ~ full_name ~ " not found (" ~ read.label ~ "): it counts as empty.", info=true) }}
            {{ return(_empty_raw_relation(columns) ~ ' as raw_source') }}
        {%- endif -%}
        {{ exceptions.raise_compiler_error("Cannot read " ~ read.label ~ ": the required raw table " ~ full_name ~ " is missing.") }}
    {%- endif -%}

    {%- for finding in read.findings if finding.kind == 'missing column' -%}
        {{ log("WARNING: " ~ read.label ~ " has no column '" ~ finding.column ~ "': it reads as null (listed in data_quality.dq_schema_findings).", info=true) }}
    {%- endfor -%}

    {#- A column already in a type that holds the contract type's values is passed as it is
        (typed_input.sql); every other column as text, null tokens read as null. -#}
    {%- set input_types = raw_input_types(source_name, table_name) -%}
    {%- set typed = typed_raw_columns(source_name, table_name, input_types) -%}
    {%- set select_list = [] -%}
    {%- for column in columns -%}
        {%- if column.name in read.names and column.name in typed -%}
            {%- do select_list.append(quote_identifier(read.names[column.name]) ~ ' as ' ~ column.name) -%}
        {%- elif column.name in read.names -%}
            {%- do select_list.append(_null_tokens_as_null(typed_input_as_text(quote_identifier(read.names[column.name]), input_types.get(column.name))) ~ ' as ' ~ column.name) -%}
        {%- else -%}
            {%- do select_list.append('cast(null as ' ~ dbt.type_string() ~ ') as ' ~ column.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set row_number = read.row_number_column or row_position() -%}
    {%- set row_error = read.row_error_column or 'cast(null as ' ~ dbt.type_string() ~ ')' -%}
    {{ return('(select ' ~ select_list | join(', ') ~ ', ' ~ row_number ~ ' as _row_number, ' ~ row_error ~ ' as _row_error from ' ~ read.sql ~ ' as raw_rows) as raw_source') }}
{% endmacro %}

{#- Exports from databases and spreadsheets write these for "no value". -#}
{% macro _null_tokens_as_null(expression) -%}
    case when trim({{ expression }}) in ('NULL', 'null', 'N/A', 'n/a', '-') then null else {{ expression }} end
{%- endmacro %}

{#-
    read_raw_table(source_name, full_name): where a raw table is read from and how its columns
    meet the contract. Returns a dict:
      label: the file or table, for messages; sql: a FROM item (none when the table is absent);
      names: contract column -> column name in the file (only the columns present);
      row_number_column / row_error_column: set when the reader numbers rows itself (CSV:
      its record number; Parquet: its own file_row_number + 1);
      internal_columns: columns the reader adds that are not the file's (Parquet's file_row_number);
      findings: [{column, kind}] for dq_schema_findings: 'missing column' (a nullable column
      the file lacks; optional columns excepted) and 'extra column' (ignored).
    Stops the run when a column name appears twice or a required column is missing.
-#}
{% macro read_raw_table(source_name, full_name) %}
    {%- set node = _raw_source_node(source_name, full_name) -%}
    {%- set src = source(source_name, full_name) -%}
    {%- set raw_dir = setting('raw_data_dir') -%}
    {%- set result = {'label': none, 'sql': none, 'names': {}, 'row_number_column': none, 'row_error_column': none, 'findings': []} -%}
    {%- if raw_dir is not none -%}
        {%- set located = adapter.dispatch('locate_raw_file', 'sales_kpi')(raw_dir, full_name) -%}
        {%- do result.update({'label': located.label if located else raw_dir.rstrip('/') ~ '/' ~ full_name ~ '.csv'}) -%}
        {%- if located -%}
            {%- do result.update({'sql': located.sql, 'row_number_column': located.get('row_number_column'), 'row_error_column': located.get('row_error_column'), 'internal_columns': located.get('internal_columns', [])}) -%}
            {%- set present = located_file_columns(located) -%}
        {%- endif -%}
    {%- else -%}
        {%- set existing = adapter.get_relation(database=src.database, schema=src.schema, identifier=src.identifier) -%}
        {%- do result.update({'label': 'raw table ' ~ src}) -%}
        {%- if existing -%}
            {%- do result.update({'sql': src | string}) -%}
            {%- set present = adapter.get_columns_in_relation(existing) | map(attribute='name') | list -%}
        {%- endif -%}
    {%- endif -%}
    {%- if result.sql is none -%}
        {{ return(result) }}
    {%- endif -%}

    {%- set internal = [result.row_number_column, result.row_error_column] + result.get('internal_columns', []) -%}
    {%- set names = {} -%}
    {%- for name in present if name not in internal -%}
        {%- set normalised = normalise_column_name(name) -%}
        {%- if normalised in names -%}
            {{ exceptions.raise_compiler_error("Cannot read " ~ result.label ~ ": the column '" ~ normalised ~ "' appears twice in its header.") }}
        {%- endif -%}
        {%- do names.update({normalised: name}) -%}
    {%- endfor -%}

    {%- set contract_names = [] -%}
    {%- for column in node.columns.values() -%}
        {%- do contract_names.append(column.name) -%}
        {%- if column.name in names -%}
            {%- do result.names.update({column.name: names[column.name]}) -%}
        {%- elif not column.meta.get('nullable', false) -%}
            {{ exceptions.raise_compiler_error("Cannot read " ~ result.label ~ ": the required column '" ~ column.name ~ "' is missing (columns found: " ~ (names.keys() | list | join(', ')) ~ ").") }}
        {%- elif not column.meta.get('optional_column', false) -%}
            {%- do result.findings.append({'column': column.name, 'kind': 'missing column'}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name in names if name not in contract_names -%}
        {%- do result.findings.append({'column': name, 'kind': 'extra column'}) -%}
    {%- endfor -%}
    {{ return(result) }}
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
    {{ return('(select ' ~ select_list | join(', ') ~ ', cast(null as ' ~ dbt.type_int() ~ ') as _row_number, cast(null as ' ~ dbt.type_string() ~ ') as _row_error where 1 = 0)') }}
{% endmacro %}

{#- Reading a folder of exported files is engine-specific: DuckDB reads CSV and Parquet
    directly (macros/raw/read_files.sql). Other engines load the files into the raw schema. -#}
{% macro default__locate_raw_file(raw_dir, full_name) %}
    {{ exceptions.raise_compiler_error("raw_data_dir is supported on DuckDB only; on " ~ target.type ~ " load the exports into the raw schema and leave raw_data_dir unset.") }}
{% endmacro %}

{% macro default__check_raw_data_dir(raw_dir) %}
    {%- do default__locate_raw_file(raw_dir, '') -%}
{% endmacro %}

{#- The columns of a file locate_raw_file found: those the reader listed (a CSV file's header),
    else the engine's description of its relation (a Parquet file's own columns). -#}
{% macro located_file_columns(located) %}
    {%- if located.get('columns') is not none -%}
        {{ return(located.columns) }}
    {%- endif -%}
    {{ return(adapter.dispatch('raw_file_columns', 'sales_kpi')(located.sql)) }}
{% endmacro %}

{% macro default__raw_file_columns(relation_sql) %}
    {{ return([]) }}
{% endmacro %}

{#- A column name as a quoted identifier, its quote characters doubled: a column name read from
    a file can never end the identifier and add SQL. Spark quotes with backticks (a double-quoted
    name is a string literal there). -#}
{% macro quote_identifier(name) -%}
    {{- adapter.dispatch('quote_identifier', 'sales_kpi')(name) -}}
{%- endmacro %}

{% macro default__quote_identifier(name) -%}
    {{- '"' ~ (name | string).replace('"', '""') ~ '"' -}}
{%- endmacro %}

{#- How a header name is matched to the contract: case and surrounding spaces do not matter. -#}
{% macro normalise_column_name(name) -%}
    {{- (name | string).replace('\ufeff', '') | trim | lower -}}
{%- endmacro %}
