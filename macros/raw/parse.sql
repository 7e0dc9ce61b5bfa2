{#-
    Parsing raw text into contract types. Each returns null when the text is empty or
    cannot be parsed; staging compares with the raw text to reject unparseable values.
    Engine-specific parts are dispatched.
-#}

{% macro nullif_blank(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

{% macro parse_text(column) -%}
    {{ nullif_blank(column) }}
{%- endmacro %}

{#- Enumerations are lower case in the contract; exports often are not. -#}
{% macro parse_enum(column) -%}
    lower({{ nullif_blank(column) }})
{%- endmacro %}

{% macro parse_currency(column) -%}
    upper({{ nullif_blank(column) }})
{%- endmacro %}

{#- Money and other decimals: exact numeric (numeric(28,6) on DuckDB). -#}
{% macro parse_decimal(column) -%}
    {{ adapter.dispatch('parse_decimal', 'sales_kpi')(column) }}
{%- endmacro %}

{% macro default__parse_decimal(column) -%}
    {{ try_cast(nullif_blank(decimal_text(column)), dbt.type_numeric()) }}
{%- endmacro %}

{#- The text of a decimal as the database reads it. Under raw_csv_dialect ru a decimal is
    written with a comma ('1234,50'): that form only (a point, a space or a thousands separator
    does not parse: never guessed). Under the default dialect the text is used as it is, and
    anything but a plain number (a comma, '1 000', '1e25' beyond the type) does not parse. -#}
{% macro decimal_text(column) -%}
    {%- if setting('raw_csv_dialect') == 'ru' -%}
        case
            when {{ regexp_full_match(nullif_blank(column), '[+-]?[0-9]+(,[0-9]+)?') }}
            then replace({{ nullif_blank(column) }}, ',', '.')
            when {{ nullif_blank(column) }} is not null
            then 'not a decimal'
        end
    {%- else -%}
        {{ column }}
    {%- endif -%}
{%- endmacro %}

{#- The text of a date or timestamp in ISO order. Under raw_csv_dialect ru, DD.MM.YYYY (with
    an optional HH:MM[:SS]) is rewritten to YYYY-MM-DD first; ISO text reads as ever. -#}
{% macro date_text(column) -%}
    {%- if setting('raw_csv_dialect') == 'ru' -%}
        {{ regexp_replace_all(nullif_blank(column), '^([0-9]{2})[.]([0-9]{2})[.]([0-9]{4})', '\\3-\\2-\\1') }}
    {%- else -%}
        {{ column }}
    {%- endif -%}
{%- endmacro %}

{#- Postgres numeric also reads 'NaN' and 'Infinity'; DuckDB's decimal does not. -#}
{% macro postgres__parse_decimal(column) -%}
    case
        when not {{ _is_non_finite(column) }}
        then {{ try_cast(nullif_blank(decimal_text(column)), dbt.type_numeric()) }}
    end
{%- endmacro %}

{#- Exchange rates: a double, so that rates of very small units keep their digits. The contract
    says decimal: 'NaN' and 'inf', which a double cast reads on every engine, do not parse. -#}
{% macro parse_double(column) -%}
    case
        when not {{ _is_non_finite(column) }}
        then {{ try_cast(nullif_blank(decimal_text(column)), type_double()) }}
    end
{%- endmacro %}

{% macro _is_non_finite(column) -%}
    {{ regexp_full_match('lower(' ~ nullif_blank(column) ~ ')', '[+-]?(nan|inf|infinity)') }}
{%- endmacro %}

{% macro parse_integer(column) -%}
    {{ adapter.dispatch('parse_integer', 'sales_kpi')(column) }}
{%- endmacro %}

{% macro default__parse_integer(column) -%}
    {#- '12' and '12.0' parse; '12.5' does not. -#}
    case
        when {{ try_cast(nullif_blank(column), dbt.type_numeric()) }}
            = {{ try_cast(try_cast(nullif_blank(column), dbt.type_numeric()), dbt.type_bigint()) }}
        then {{ try_cast(try_cast(nullif_blank(column), dbt.type_numeric()), dbt.type_bigint()) }}
    end
{%- endmacro %}

{#- Postgres: a numeric cast to bigint rounds (DuckDB's try_cast too) and fails out of range,
    so compare with its truncation and check the range first. -#}
{% macro postgres__parse_integer(column) -%}
    {%- set number = parse_decimal(column) -%}
    case
        when {{ number }} = trunc({{ number }})
            and {{ number }} between -9223372036854775808 and 9223372036854775807
        then cast({{ number }} as {{ dbt.type_bigint() }})
    end
{%- endmacro %}

{% macro parse_boolean(column) -%}
    case lower({{ nullif_blank(column) }})
        when 'true' then true
        when 't' then true
        when '1' then true
        when 'yes' then true
        when 'false' then false
        when 'f' then false
        when '0' then false
        when 'no' then false
    end
{%- endmacro %}

{% macro parse_date(column) -%}
    {{ adapter.dispatch('parse_date', 'sales_kpi')(date_text(column)) }}
{%- endmacro %}

{% macro default__parse_date(column) -%}
    {{ try_cast(nullif_blank(column), 'date') }}
{%- endmacro %}

{% macro postgres__parse_date(column) -%}
    case
        when {{ regexp_full_match(nullif_blank(column), '[0-9]{4}-[0-9]{2}-[0-9]{2}') }}
        then {{ try_cast(nullif_blank(column), 'date') }}
    end
{%- endmacro %}

{% macro duckdb__parse_date(column) -%}
    case
        when regexp_full_match({{ nullif_blank(column) }}, '[0-9]{4}-[0-9]{2}-[0-9]{2}')
        then try_cast({{ nullif_blank(column) }} as date)
    end
{%- endmacro %}

{#- A UTC timestamp. Accepts 'YYYY-MM-DD HH:MM:SS', the T separator, fractional seconds,
    a trailing Z or numeric offset (converted to UTC) and a bare date (midnight UTC). -#}
{% macro parse_timestamp(column) -%}
    {{ adapter.dispatch('parse_timestamp', 'sales_kpi')(date_text(column)) }}
{%- endmacro %}

{% macro default__parse_timestamp(column) -%}
    {{ try_cast(nullif_blank(column), dbt.type_timestamp()) }}
{%- endmacro %}

{#- The standard forms ('YYYY-MM-DD HH:MM:SS' and a bare date, what most exports and every
    typed timestamp cast to text write) take a fast path: one anchored match without groups
    to choose from, then a plain cast; same result as the general path below, which reads
    every other accepted form. (A translate() of the digits did the same check at five times
    the cost: measured at scale 300, 8.1M call start times, 6.4 against 1.3 CPU s.) -#}
{% macro duckdb__parse_timestamp(column) -%}
    case
        when regexp_full_match({{ nullif_blank(column) }}, '[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2})?')
        then try_cast({{ nullif_blank(column) }} as timestamp)
        when regexp_full_match(
            {{ nullif_blank(column) }},
            '[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?\s*(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)?'
        )
        then timezone(
            'UTC',
            try_cast(
                case
                    when length({{ nullif_blank(column) }}) = 10
                    then {{ nullif_blank(column) }} || ' 00:00:00+00:00'
                    when regexp_matches({{ nullif_blank(column) }}, '(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$')
                    then {{ nullif_blank(column) }}
                    else {{ nullif_blank(column) }} || '+00:00'
                end as timestamptz
            )
        )
    end
{%- endmacro %}

{% macro postgres__parse_timestamp(column) -%}
    case
        when {{ nullif_blank(column) }} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?\s*(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)?$'
        then {{ try_cast(
            'case when length(' ~ nullif_blank(column) ~ ') = 10 then ' ~ nullif_blank(column) ~ " || ' 00:00:00+00:00'"
            ~ ' when ' ~ nullif_blank(column) ~ " ~ '(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$' then " ~ nullif_blank(column)
            ~ ' else ' ~ nullif_blank(column) ~ " || '+00:00' end",
            'timestamp with time zone'
        ) }} at time zone 'UTC'
    end
{%- endmacro %}

{#- True when the raw value is present but did not parse. The raw value may be a typed input
    column (typed_input.sql): it is read as text only where the parsed value is null. -#}
{% macro is_unparseable(raw_column, parsed_column) -%}
    ({{ parsed_column }} is null and {{ nullif_blank('cast(' ~ raw_column ~ ' as ' ~ dbt.type_string() ~ ')') }} is not null)
{%- endmacro %}

{#- Personal data never leaves staging in clear: a stable one-way hash lets rows be
    matched without showing who they are. -#}
{% macro hash_pii(column) -%}
    {{ dbt.hash('lower(' ~ nullif_blank(column) ~ ')') }}
{%- endmacro %}

{#- True when a parsed date or timestamp falls outside the plausible window (a year typed
    2205, a 0001-01-01 placeholder): such a row is rejected, so no typo can move as_of_date. -#}
{% macro is_implausible_time(parsed_column, data_type) -%}
    {%- set window = plausible_time_window() -%}
    {%- set cast_type = 'date' if data_type == 'date' else dbt.type_timestamp() -%}
    ({{ parsed_column }} < cast({{ sql_string(window.first) }} as {{ cast_type }})
        or {{ parsed_column }} >= cast({{ sql_string(window.end) }} as {{ cast_type }}))
{%- endmacro %}

{#- Ids of people (user, owner, manager ids) that are e-mail addresses or phone numbers are
    personal data: replaced by a stable pseudonym (the same id gives the same pseudonym in
    every table, so joins still match). Other ids pass unchanged. -#}
{% macro pseudonymise_id(expression) -%}
    case
        when {{ is_contact_shaped(expression) }}
        then {{ dbt.concat(["'pseudonym-'", 'substr(' ~ dbt.hash('lower(' ~ nullif_blank(expression) ~ ')') ~ ', 1, 16)']) }}
        else {{ expression }}
    end
{%- endmacro %}

{#- An e-mail address, or a phone number: an optional +, digits and the separators people
    write (space - ( ) .), at least 10 digits, and a +, a separator or 11+ digits (so that a
    plain 10-digit CRM id stays an id). -#}
{% macro is_contact_shaped(expression) -%}
    (
        {{ regexp_full_match(nullif_blank(expression), '[^@ ]+@[^@ ]+[.][^@ ]+') }}
        or (
            {{ regexp_full_match(nullif_blank(expression), '[+]?[0-9 ().-]+') }}
            and length({{ regexp_replace_all(nullif_blank(expression), '[^0-9]', '') }}) >= 10
            and (
                {{ nullif_blank(expression) }} like '+%'
                or {{ regexp_full_match(nullif_blank(expression), '.*[ ().-].*') }}
                or length({{ regexp_replace_all(nullif_blank(expression), '[^0-9]', '') }}) >= 11
            )
        )
    )
{%- endmacro %}

{#- Free text that reaches marts (names, lead source, lost reason): e-mail addresses and phone
    numbers inside it are masked. -#}
{% macro mask_contacts(expression) -%}
    {{ regexp_replace_all(
        regexp_replace_all(expression, '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}', '[e-mail]'),
        '[+]?[0-9][0-9 ().-]{8,}[0-9]', '[phone]'
    ) }}
{%- endmacro %}
