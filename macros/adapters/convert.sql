{#-
    Value conversions the source adapters share. Each takes and gives text: a value that does
    not convert is passed through unchanged, so that staging rejects it as unparseable with a
    reason (an adapter never turns a bad value into a silent null).
-#}

{#- A decimal divided by `divisor` (a SQL expression), as text; non-numbers pass through. -#}
{% macro divided_text(column, divisor) -%}
    case
        when {{ parse_decimal(column) }} is null then {{ column }}
        else cast(cast({{ parse_decimal(column) }} / ({{ divisor }}) as {{ dbt.type_numeric() }}) as {{ dbt.type_string() }})
    end
{%- endmacro %}

{#- Stripe currencies without minor units: amounts are already whole units. -#}
{% macro zero_decimal_currencies() %}
    {{ return(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']) }}
{% endmacro %}

{#- Stripe amounts are in minor units (cents): / 100, or / 1 for zero-decimal currencies. -#}
{% macro minor_units_to_major(amount, currency) -%}
    {{ divided_text(amount, "case when upper(trim(" ~ currency ~ ")) in ('" ~ zero_decimal_currencies() | join("', '") ~ "') then 1 else 100 end") }}
{%- endmacro %}

{#- A landed timestamp as contract text: Fivetran lands timestamps, Airbyte (for Stripe) unix
    seconds; both read. Anything else passes through for staging to judge. -#}
{% macro landed_timestamp(column) -%}
    case
        when {{ regexp_full_match('trim(' ~ column ~ ')', '[0-9]{9,11}') }}
        then {{ adapter.dispatch('unix_seconds_to_text', 'sales_kpi')('trim(' ~ column ~ ')') }}
        else {{ column }}
    end
{%- endmacro %}

{% macro default__unix_seconds_to_text(column) -%}
    to_char(to_timestamp(cast({{ column }} as {{ dbt.type_bigint() }})) at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')
{%- endmacro %}

{% macro duckdb__unix_seconds_to_text(column) -%}
    strftime(make_timestamp(cast({{ column }} as bigint) * 1000000), '%Y-%m-%d %H:%M:%S')
{%- endmacro %}

{#- The date part of a landed timestamp (text), for contract date columns. -#}
{% macro landed_date(column) -%}
    case
        when {{ regexp_full_match('trim(' ~ landed_timestamp(column) ~ ')', '[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?') }}
        then substring(trim({{ landed_timestamp(column) }}), 1, 10)
        {#- DD.MM.YYYY with a time (exports read under raw_csv_dialect ru): the date part. -#}
        when {{ regexp_full_match('trim(' ~ landed_timestamp(column) ~ ')', '[0-9]{2}[.][0-9]{2}[.][0-9]{4}[ T].*') }}
        then substring(trim({{ landed_timestamp(column) }}), 1, 10)
        else {{ landed_timestamp(column) }}
    end
{%- endmacro %}

{#- A value mapped through a map setting (keys matched case-insensitively, spaces trimmed);
    an empty value gives `when_empty`; an unmapped value passes through unchanged. -#}
{% macro mapped_text(column, mapping, when_empty=none) -%}
    case
        {%- if when_empty is not none %}
        when {{ nullif_blank(column) }} is null then {{ dbt.string_literal(when_empty) }}
        {%- endif %}
        {%- for key, value in mapping.items() %}
        when lower(trim({{ column }})) = {{ dbt.string_literal(key | lower | trim) }} then {{ dbt.string_literal(value) }}
        {%- endfor %}
        else {{ column }}
    end
{%- endmacro %}

{#- A value mapped through a map setting (keys matched case-insensitively, spaces trimmed);
    an empty or unmapped value gives `default` (for settings whose values all have a meaning,
    such as amoCRM / Bitrix24 sources: every source not named outbound is inbound). -#}
{% macro mapped_text_or_default(column, mapping, default) -%}
    case
        {%- for key, value in mapping.items() %}
        when lower(trim({{ column }})) = {{ sql_string(key | lower | trim) }} then {{ sql_string(value) }}
        {%- endfor %}
        else {{ sql_string(default) }}
    end
{%- endmacro %}

{#- A stage's win probability from the setting stage_probabilities (stage id -> 0-1), for CRMs
    whose stages carry none (amoCRM, Bitrix24); a stage not in the setting gets 0. Written as
    the raw dialect writes decimals (a comma under raw_csv_dialect ru), as staging reads them. -#}
{% macro stage_probability_text(stage_column) -%}
    {%- set probabilities = setting('stage_probabilities') -%}
    {%- set comma = setting('raw_csv_dialect') == 'ru' -%}
    case
        {%- for stage, probability in probabilities.items() %}
        when trim({{ stage_column }}) = {{ sql_string(stage | trim) }}
            then {{ sql_string((probability | string).replace('.', ',') if comma else probability | string) }}
        {%- endfor %}
        else '0'
    end
{%- endmacro %}

{#- Whether a stage id is a key of the setting stage_probabilities (matched as
    stage_probability_text matches it: trimmed, exact). -#}
{% macro stage_in_probabilities(stage_column) -%}
    {%- set stages = setting('stage_probabilities').keys() | map('trim') | list -%}
    {%- if stages -%}
        trim({{ stage_column }}) in ({{ sql_string_list(stages) }})
    {%- else -%}
        1 = 0
    {%- endif -%}
{%- endmacro %}

{#- dq_schema_findings rows for the CRMs whose stage probabilities come from the setting
    stage_probabilities (amoCRM, Bitrix24): one row per open stage the setting does not name,
    whose probability is therefore 0 and whose weighted pipeline is 0. Closed stages (won 1,
    lost 0) need none. Columns source_table, column_name, finding; an empty select for the
    other CRMs. -#}
{% macro stage_probability_findings() -%}
    {%- set system = setting('crm_system') -%}
    {%- if system in ['amocrm', 'bitrix24'] -%}
    select distinct
        'crm__pipeline_stages' as source_table,
        'probability' as column_name,
        {{ dbt.concat(["'open stage '", 'trim(stage)', "' not in stage_probabilities: probability 0, weighted pipeline 0'"]) }}
            as finding
    from {{ ref('adp_' ~ system ~ '__crm_pipeline_stages') }}
    where
        is_closed <> 'true'
        and {{ nullif_blank('stage') }} is not null
        and not ({{ stage_in_probabilities('stage') }})
    {%- else -%}
    select
        cast(null as {{ dbt.type_string() }}) as source_table,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as finding
    where 1 = 0
    {%- endif -%}
{%- endmacro %}
