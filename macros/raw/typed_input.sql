{#-
    Typed inputs: a raw column that already holds the contract type's values is used as it is.

    A Parquet export or a typed raw table can hold a timestamp as TIMESTAMP, an amount as
    DECIMAL, a count as BIGINT. Such a column is not cast to text and parsed back: staging
    uses the value directly, and it cannot be unparseable (its rule is false). Every other
    rule (missing value, implausible time, negative values, enumerations, keys, duplicate
    keys) applies to it exactly as to a parsed text value.

    - raw_input_types(source, table): the type each contract column arrives in (the file or
      table is described once per call; CSV files and sources read through a system's
      adapter are text: empty).
    - typed_input_fit(contract_type, input_type): the one rule of which input types are
      typed for which contract type: 'exact' (every value of the input type is a value of
      the contract type), 'checked' (a double for a decimal: NaN, infinity and out-of-range
      values are unparseable), or none (the text path: cast to text, null tokens, parse).
    - parse_typed(column, contract_type, input_type): the contract value of a typed column.
    - typed_raw_columns(source, table): contract column -> {input_type, fit} for the
      columns that take the typed path; what raw_relation, parse_contract_columns and
      contract_rules agree on.
    - typed_input_as_text(column, input_type): the text of a column that takes the text path.

    Engine-specific: the default (Postgres, Spark) describes nothing, so every column takes
    the text path as before; DuckDB implements all of it.
-#}

{% macro raw_input_types(source_name, table_name) %}
    {%- if not execute -%}
        {{ return({}) }}
    {%- endif -%}
    {{ return(adapter.dispatch('raw_input_types', 'sales_kpi')(source_name, table_name)) }}
{% endmacro %}

{% macro default__raw_input_types(source_name, table_name) %}
    {{ return({}) }}
{% endmacro %}

{% macro duckdb__raw_input_types(source_name, table_name) %}
    {%- set full_name = source_name ~ '__' ~ table_name -%}
    {#- A source read through a system's adapter (crm_system, ...: macros/adapters) is that
        adapter's text, and so is a contract table read beside it: no describe (asking
        adapted_raw_relation would read such a CSV file again and repeat its messages). -#}
    {%- if source_system(source_name) != 'contract' -%}
        {{ return({}) }}
    {%- endif -%}
    {%- set described = [] -%}
    {%- set raw_dir = setting('raw_data_dir') -%}
    {%- if raw_dir is not none -%}
        {%- set path = _find_raw_file(raw_dir, full_name) -%}
        {#- A CSV file is text; only a Parquet file carries types. -#}
        {%- if path and (path | lower).endswith('.parquet') -%}
            {%- for row in run_query('describe select * from read_parquet(' ~ glob_literal(path) ~ ')').rows -%}
                {%- do described.append((row[0], row[1])) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- else -%}
        {%- set src = source(source_name, full_name) -%}
        {%- set existing = adapter.get_relation(database=src.database, schema=src.schema, identifier=src.identifier) -%}
        {%- if existing -%}
            {%- for column in adapter.get_columns_in_relation(existing) -%}
                {%- do described.append((column.name, column.dtype)) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
    {%- set types = {} -%}
    {%- for name, data_type in described -%}
        {%- do types.update({normalise_column_name(name): (data_type | string | upper | trim)}) -%}
    {%- endfor -%}
    {{ return(types) }}
{% endmacro %}

{% macro typed_input_fit(contract_type, input_type) %}
    {%- if input_type is none -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(adapter.dispatch('typed_input_fit', 'sales_kpi')(contract_type, input_type)) }}
{% endmacro %}

{% macro default__typed_input_fit(contract_type, input_type) %}
    {{ return(none) }}
{% endmacro %}

{#- DuckDB's type names as DESCRIBE and the information schema write them. An unsigned or
    128-bit integer can exceed bigint; a timestamp with nanoseconds is cut to microseconds
    (as its text is parsed); a decimal fits numeric(28,6) when its scale is at most 6 and its
    integer digits at most 22. A double is no exact decimal: 'checked'. -#}
{% macro duckdb__typed_input_fit(contract_type, input_type) %}
    {%- set integers = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'UTINYINT', 'USMALLINT', 'UINTEGER'] -%}
    {%- set decimal = modules.re.fullmatch('DECIMAL\\((\\d+), ?(\\d+)\\)', input_type) -%}
    {%- if contract_type == 'timestamp' and input_type in ['TIMESTAMP', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS', 'TIMESTAMP WITH TIME ZONE', 'DATE'] -%}
        {{ return('exact') }}
    {%- elif contract_type == 'date' and input_type == 'DATE' -%}
        {{ return('exact') }}
    {%- elif contract_type == 'boolean' and input_type == 'BOOLEAN' -%}
        {{ return('exact') }}
    {%- elif contract_type == 'integer' and (input_type in integers or (decimal and decimal.group(2) | int == 0 and decimal.group(1) | int <= 18)) -%}
        {{ return('exact') }}
    {%- elif contract_type == 'decimal' and (input_type in integers or (decimal and decimal.group(2) | int <= 6 and decimal.group(1) | int - decimal.group(2) | int <= 22)) -%}
        {{ return('exact') }}
    {%- elif contract_type == 'decimal' and input_type in ['DOUBLE', 'FLOAT'] -%}
        {{ return('checked') }}
    {%- endif -%}
    {{ return(none) }}
{% endmacro %}

{% macro typed_raw_columns(source_name, table_name, input_types=none) %}
    {%- set input_types = raw_input_types(source_name, table_name) if input_types is none else input_types -%}
    {%- set typed = {} -%}
    {%- for column in _contract_columns(source_name, table_name) if column.name in input_types -%}
        {%- set fit = typed_input_fit(column.data_type, input_types[column.name]) -%}
        {%- if fit -%}
            {%- do typed.update({column.name: {'input_type': input_types[column.name], 'fit': fit}}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(typed) }}
{% endmacro %}

{% macro parse_typed(column, contract_type, input_type) -%}
    {{ adapter.dispatch('parse_typed', 'sales_kpi')(column, contract_type, input_type) }}
{%- endmacro %}

{% macro default__parse_typed(column, contract_type, input_type) -%}
    {{ exceptions.raise_compiler_error("No typed reading of " ~ input_type ~ " on " ~ target.type ~ ": typed_input_fit should have sent " ~ column ~ " to the text path.") }}
{%- endmacro %}

{#- Exchange rates (usd_per_unit) are doubles in staging (parse_as): a typed number is cast
    to double; other decimals to the contract's numeric. -#}
{% macro duckdb__parse_typed(column, contract_type, input_type) -%}
    {%- if contract_type == 'timestamp' and input_type == 'TIMESTAMP WITH TIME ZONE' -%}
        timezone('UTC', {{ column }})
    {%- elif contract_type == 'timestamp' and input_type == 'TIMESTAMP_NS' -%}
        make_timestamp(epoch_ns({{ column }}) // 1000)
    {%- elif contract_type == 'timestamp' and input_type == 'TIMESTAMP' -%}
        {{ column }}
    {%- elif contract_type == 'timestamp' -%}
        cast({{ column }} as {{ dbt.type_timestamp() }})
    {%- elif contract_type == 'integer' -%}
        cast({{ column }} as {{ dbt.type_bigint() }})
    {%- elif contract_type == 'decimal' -%}
        {%- set number_type = type_double() if column == 'usd_per_unit' else dbt.type_numeric() -%}
        {%- if input_type in ['DOUBLE', 'FLOAT'] -%}
            case when isfinite({{ column }}) then try_cast({{ column }} as {{ number_type }}) end
        {%- else -%}
            cast({{ column }} as {{ number_type }})
        {%- endif -%}
    {%- else -%}
        {{ column }}
    {%- endif -%}
{%- endmacro %}

{% macro typed_input_as_text(column, input_type) -%}
    {{ adapter.dispatch('typed_input_as_text', 'sales_kpi')(column, input_type) }}
{%- endmacro %}

{% macro default__typed_input_as_text(column, input_type) -%}
    cast({{ column }} as {{ dbt.type_string() }})
{%- endmacro %}

{#- A typed number that takes the text path (a double for an integer column, a decimal with
    more than 6 decimals) is written as the dialect writes numbers: under raw_csv_dialect ru
    with a decimal comma (1200.5 -> '1200,5'), so the dialect never changes what a typed
    column means. -#}
{% macro duckdb__typed_input_as_text(column, input_type) -%}
    {%- if setting('raw_csv_dialect') == 'ru' and input_type and modules.re.match('(DECIMAL|DOUBLE|FLOAT|REAL)', input_type) -%}
        replace(cast({{ column }} as {{ dbt.type_string() }}), '.', ',')
    {%- else -%}
        cast({{ column }} as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}
