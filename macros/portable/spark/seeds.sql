{#-
    Loading the bundled seeds on Spark (overrides of dbt-spark's seed macros).

    dbt-spark's own loader, in `session` mode, pastes every value between quotes without
    escaping (a quote in a name breaks the statement) and writes an empty cell as the text
    'None'; and the seed column types (`varchar`) are not Spark types. These write each value
    as an escaped string literal (null for an empty cell) cast to the Spark spelling of its type.
-#}
{% macro spark__create_csv_table(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set quote_seed_column = model['config'].get('quote_columns', none) -%}
    {%- set column_specs = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
        {%- do column_specs.append(
            adapter.quote_seed_column(col_name | string, quote_seed_column) ~ ' '
            ~ spark_type(column_override.get(col_name, inferred_type))
        ) -%}
    {%- endfor -%}
    {%- set sql -%}
        create table {{ this.render() }} ({{ column_specs | join(', ') }})
        {{ file_format_clause() }}
        {{ location_clause() }}
    {%- endset -%}
    {%- call statement('_') -%}
        {{ sql }}
    {%- endcall -%}
    {{ return(sql) }}
{% endmacro %}

{% macro spark__load_csv_rows(model, agate_table, load_empty=False) %}
    {%- if load_empty -%}
        {{ return('') }}
    {%- endif -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- do types.append(spark_type(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)))) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set rows = [] -%}
        {%- for row in chunk -%}
            {%- set values = [] -%}
            {%- for value in row -%}
                {#- a string literal, backslash and quote escaped; null for an empty cell -#}
                {%- set literal = 'null' if value is none else "'" ~ (value | string).replace('\\', '\\\\').replace("'", "\\'") ~ "'" -%}
                {%- do values.append('cast(' ~ literal ~ ' as ' ~ types[loop.index0] ~ ')') -%}
            {%- endfor -%}
            {%- do rows.append('(' ~ values | join(', ') ~ ')') -%}
        {%- endfor -%}
        {%- set sql = 'insert into ' ~ this.render() ~ ' values ' ~ rows | join(',\n') -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}
