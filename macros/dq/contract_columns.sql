{#-
    Staging helpers driven by the contract in the sources YAML, so the type of every raw
    column and whether it may be null are written down once.

    parse_contract_columns(source, table): every contract column parsed into its type
    (named as in the contract), and its raw text beside it as raw__<column>. A column the
    input already holds in a fitting type (typed_input.sql) is used as it is, and raw__<column>
    is then that typed value.
    Personal-data columns are not passed on in clear: see hash_pii.

    contract_rules(source, table): the (condition, reason) rules every table shares:
    a required value missing, a value that does not parse.
-#}

{% macro _contract_columns(source_name, table_name) %}
    {%- set node = _raw_source_node(source_name, source_name ~ '__' ~ table_name) -%}
    {{ return(node.columns.values() | list) }}
{% endmacro %}

{#- One contract column's meta (sources YAML): nullable, values, range, ...; {} when the table
    has no such column. -#}
{% macro _contract_column_meta(source_name, table_name, column_name) %}
    {%- for column in _contract_columns(source_name, table_name) if column.name == column_name -%}
        {{ return(column.meta) }}
    {%- endfor -%}
    {{ return({}) }}
{% endmacro %}

{#- The columns that name one record of the table: its `key` in the contract (sources YAML
    meta, rendered from scripts/contract_spec.py). Empty while dbt parses (no graph yet). -#}
{% macro contract_key(source_name, table_name) %}
    {%- set node = _raw_source_node(source_name, source_name ~ '__' ~ table_name) -%}
    {%- set key = node.meta.get('key', []) -%}
    {%- if execute and not key -%}
        {{ exceptions.raise_compiler_error("The contract declares no key for " ~ source_name ~ "__" ~ table_name ~ " (meta: key in its sources YAML).") }}
    {%- endif -%}
    {{ return(key | list) }}
{% endmacro %}

{#- The rule of an enumerated column: (condition, reason) for first_reason, true when the
    value is not one of the `values` the contract lists for it (sources YAML meta). -#}
{% macro enumeration_rule(source_name, table_name, column_name) %}
    {%- set values = _contract_column_meta(source_name, table_name, column_name).get('values', []) -%}
    {%- if execute and not values -%}
        {{ exceptions.raise_compiler_error("The contract lists no values for " ~ source_name ~ "__" ~ table_name ~ "." ~ column_name ~ " (meta: values in its sources YAML).") }}
    {%- endif -%}
    {{ return((column_name ~ " not in (" ~ sql_string_list(values) ~ ")", 'unknown ' ~ column_name)) }}
{% endmacro %}

{#- The rule of a column with a range: (condition, reason) for first_reason, true when the
    number lies outside the bounds the contract gives it (sources YAML meta `range`: min, max,
    strict_min, reason). -#}
{% macro range_rule(source_name, table_name, column_name) %}
    {%- set bounds = _contract_column_meta(source_name, table_name, column_name).get('range') -%}
    {%- if not bounds -%}
        {%- if execute -%}
            {{ exceptions.raise_compiler_error("The contract gives no range for " ~ source_name ~ "__" ~ table_name ~ "." ~ column_name ~ " (meta: range in its sources YAML).") }}
        {%- endif -%}
        {{ return(('false', '')) }}
    {%- endif -%}
    {%- set outside = [] -%}
    {%- if bounds.get('min') is not none -%}
        {%- do outside.append(column_name ~ (' <= ' if bounds.get('strict_min') else ' < ') ~ bounds['min']) -%}
    {%- endif -%}
    {%- if bounds.get('max') is not none -%}
        {%- do outside.append(column_name ~ ' > ' ~ bounds['max']) -%}
    {%- endif -%}
    {{ return((outside | join(' or '), bounds['reason'])) }}
{% endmacro %}

{% macro parse_as(data_type, column) -%}
    {%- if data_type == 'timestamp' -%}{{ parse_timestamp(column) }}
    {%- elif data_type == 'date' -%}{{ parse_date(column) }}
    {%- elif data_type == 'decimal' and column == 'usd_per_unit' -%}{{ parse_double(column) }}
    {%- elif data_type == 'decimal' -%}{{ parse_decimal(column) }}
    {%- elif data_type == 'integer' -%}{{ parse_integer(column) }}
    {%- elif data_type == 'boolean' -%}{{ parse_boolean(column) }}
    {%- else -%}{{ parse_text(column) }}
    {%- endif -%}
{%- endmacro %}

{% macro parse_contract_columns(source_name, table_name, lower=[], upper=[]) -%}
    {#- lower: enumerations (lower case in the contract); upper: currency and country codes.
        Personal-data columns come out only as raw__<column> (for the missing-value rule)
        and as a one-way hash <column>_hash, never in clear. -#}
    {%- set columns = _contract_columns(source_name, table_name) -%}
    {#- A typed input column (typed_input.sql) is used as it is: no text parse. -#}
    {%- set typed = typed_raw_columns(source_name, table_name) %}
        _row_error,
    {%- for column in columns %}
        {%- if column.name in typed -%}
            {%- set parsed = parse_typed(column.name, column.data_type, typed[column.name].input_type) -%}
        {%- else -%}
            {%- set parsed = parse_as(column.data_type, column.name) -%}
        {%- endif -%}
        {%- if column.meta.get('pseudonymise', false) -%}
            {%- set parsed = pseudonymise_id(parsed) -%}
        {%- elif column.meta.get('free_text', false) -%}
            {%- set parsed = mask_contacts(parsed) -%}
        {%- endif -%}
        {%- if column.meta.get('pii', false) %}
        {{ hash_pii(column.name) }} as {{ column.name }}_hash,
        {%- elif column.name in lower %}
        lower({{ parsed }}) as {{ column.name }},
        {%- elif column.name in upper %}
        upper({{ parsed }}) as {{ column.name }},
        {%- else %}
        {{ parsed }} as {{ column.name }},
        {%- endif %}
        {#- The raw text is kept for the rules and the record key; a person's id only pseudonymised. #}
        {{ pseudonymise_id(column.name) if column.meta.get('pseudonymise', false) else column.name }} as raw__{{ column.name }}{{ ',' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}

{#- values_only: nullable columns whose bad value is dropped (set to null by the model and
    counted in values_dropped) instead of rejecting the row. -#}
{% macro contract_rules(source_name, table_name, values_only=[]) %}
    {#- A row the file reader could not split into the header's fields comes first. -#}
    {%- set rules = [('_row_error is not null', 'unparseable row')] -%}
    {#- A typed input column is missing when null, and unparseable only when its type is not
        exact (a double for a decimal: NaN, infinity); otherwise the rule is false. -#}
    {%- set typed = typed_raw_columns(source_name, table_name) -%}
    {%- for column in _contract_columns(source_name, table_name) if column.name not in values_only -%}
        {%- set raw = 'raw__' ~ column.name -%}
        {%- if not column.meta.get('nullable', false) -%}
            {%- do rules.append(((raw if column.name in typed else nullif_blank(raw)) ~ ' is null', 'missing ' ~ column.name)) -%}
        {%- endif -%}
        {%- if column.data_type != 'text' and typed.get(column.name, {}).get('fit') != 'exact' -%}
            {%- do rules.append((is_unparseable(raw, column.name), 'unparseable ' ~ column.name)) -%}
        {%- endif -%}
        {%- if column.data_type in ('date', 'timestamp') -%}
            {%- do rules.append((is_implausible_time(column.name, column.data_type), 'implausible ' ~ column.name)) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(rules) }}
{% endmacro %}

{#- The first reason that applies to a row, in the order given; null when none does. -#}
{% macro first_reason(rules) -%}
    case
    {%- for condition, reason in rules %}
        when {{ condition }} then '{{ reason }}'
    {%- endfor %}
    end
{%- endmacro %}

{#- The record key shown in the ledger: the key columns joined with '|', or the row's
    position in the file when the key itself is missing. -#}
{% macro record_key(key_columns) -%}
    coalesce(
        {{ dbt.concat(_with_separator(key_columns)) if key_columns | length > 1 else _raw_key_text(key_columns[0]) }},
        {{ dbt.concat(["'row '", dbt.safe_cast('_row_number', dbt.type_string())]) }}
    )
{%- endmacro %}

{% macro _with_separator(columns) %}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- if not loop.first -%}{%- do parts.append("'|'") -%}{%- endif -%}
        {%- do parts.append(_raw_key_text(column)) -%}
    {%- endfor -%}
    {{ return(parts) }}
{% endmacro %}

{#- A key column's raw value as text (a typed input column is cast; a text one is unchanged). -#}
{% macro _raw_key_text(column) -%}
    {{ nullif_blank('cast(raw__' ~ column ~ ' as ' ~ dbt.type_string() ~ ')') }}
{%- endmacro %}

{#- 1 for the row that is kept among rows sharing a key (the latest by `order_column`,
    then the first in the file), counting only rows no earlier rule rejected. -#}
{% macro key_rank(key_columns, order_column=none) -%}
    row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by
            case when row_reason is null then 0 else 1 end,
            {%- if order_column %}
            case when {{ order_column }} is null then 1 else 0 end,
            {{ order_column }} desc,
            {%- endif %}
            _row_number
    )
{%- endmacro %}

{#- A value of a values_only column that is dropped (set to null, row kept): it does not
    parse, is implausible, or contradicts the row (`contradiction`, a condition). -#}
{% macro value_dropped(relation, column, data_type, contradiction='false') -%}
    (
        {{ is_unparseable(relation ~ '.raw__' ~ column, relation ~ '.' ~ column) }}
        {%- if data_type in ('date', 'timestamp') %}
        or coalesce({{ is_implausible_time(relation ~ '.' ~ column, data_type) }}, false)
        {%- endif %}
        or coalesce({{ contradiction }}, false)
    )
{%- endmacro %}
