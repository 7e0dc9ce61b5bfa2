{#-
    The project's settings (dbt vars) with their validation. Every model reads a setting
    through `setting(name)`, which validates it, so a bad value stops compilation with a
    message that names the setting. `validate_settings()` runs all checks at the start of
    every run (on-run-start), so a setting no selected model uses is still checked.
-#}

{#- The declared settings, name -> validator: the ONE list of settings. A new setting is
    added here (and given a default in dbt_project.yml `vars:`, a row in the README settings
    table and a line in models/docs/settings.md); validate_settings() checks every entry, and a
    var passed on the command line that is not listed here stops the run as misspelt. -#}
{% macro declared_settings() %}
    {{ return({
        'reporting_currency': _validate_currency,
        'reporting_timezone': _validate_timezone,
        'as_of_date': _validate_optional_date,
        'invalid_lead_reasons': _validate_reason_list,
        'conversion_window_days': _validate_day_count,
        'connected_call_min_seconds': _validate_non_negative_integer,
        'quality_score_threshold': _validate_score,
        'competitor_price_max_age_months': _validate_month_count,
        'raw_data_dir': _validate_raw_data_dir,
        'raw_schema': _validate_schema_name,
        'crm_system': _validate_crm_system,
        'billing_system': _validate_billing_system,
        'telephony_system': _validate_telephony_system,
        'salesforce_schema': _validate_schema_name,
        'stripe_schema': _validate_schema_name,
        'salesforce_currency': _validate_currency,
        'lead_source_channels': _validate_channel_map,
        'salesforce_deal_types': _validate_deal_type_map,
        'stripe_account_id_field': _validate_column_name,
        'stripe_family_field': _validate_column_name,
        'hubspot_schema': _validate_schema_name,
        'hubspot_currency': _validate_currency,
        'hubspot_source_channels': _validate_channel_map,
        'hubspot_deal_types': _validate_deal_type_map,
        'amocrm_schema': _validate_schema_name,
        'bitrix24_schema': _validate_schema_name,
        'amocrm_currency': _validate_currency,
        'amocrm_source_channels': _validate_channel_map,
        'bitrix24_source_channels': _validate_channel_map,
        'bitrix24_deal_types': _validate_deal_type_map,
        'stage_probabilities': _validate_probability_map,
        'raw_csv_dialect': _validate_csv_dialect,
        'no_activity_days': _validate_non_negative_integer,
        'incremental_lookback_days': _validate_non_negative_integer,
    }) }}
{% endmacro %}

{% macro setting(name) %}
    {%- do check_no_unknown_vars() -%}
    {%- set validators = declared_settings() -%}
    {%- if name not in validators -%}
        {{ exceptions.raise_compiler_error("Unknown setting '" ~ name ~ "'. Known settings: " ~ (validators.keys() | list | sort | join(', '))) }}
    {%- endif -%}
    {%- set value = var(name, none) -%}
    {{ return(validators[name](name, value)) }}
{% endmacro %}

{% macro validate_settings() %}
    {%- do check_no_unknown_vars() -%}
    {%- for name in declared_settings() -%}
        {%- do setting(name) -%}
    {%- endfor -%}
    {%- if execute and setting('raw_data_dir') is not none -%}
        {%- do adapter.dispatch('check_raw_data_dir', 'sales_kpi')(setting('raw_data_dir')) -%}
    {%- endif -%}
    {{ return('select 1 as settings_ok') }}
{% endmacro %}

{#- A var given on the command line (--vars) that the project does not declare is almost
    always a misspelt setting, which would otherwise be ignored silently. -#}
{% macro check_no_unknown_vars() %}
    {%- set given = invocation_args_dict.get('vars') or {} -%}
    {%- if given is string -%}{%- set given = fromyaml(given) or {} -%}{%- endif -%}
    {%- set declared = declared_settings().keys() | list | sort -%}
    {%- for name in given -%}
        {%- if name not in declared -%}
            {%- set closest = closest_name(name | string, declared) -%}
            {{ exceptions.raise_compiler_error("Unknown setting '" ~ name ~ "' (not declared by the project)" ~ (": did you mean '" ~ closest ~ "'?" if closest else ".") ~ " Declared settings: " ~ (declared | join(', ')) ~ ".") }}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}

{#- The declared name nearest to `name` by edit distance (Levenshtein, case-insensitive), or
    none when even the nearest needs more edits than half its length. -#}
{% macro closest_name(name, candidates) %}
    {%- set best = {'name': none, 'distance': 1000} -%}
    {%- for candidate in candidates -%}
        {%- set distance = edit_distance(name | lower, candidate | lower) -%}
        {%- if distance < best.distance -%}
            {%- do best.update({'name': candidate, 'distance': distance}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if best.name is none or best.distance > [(best.name | length) // 2, 3] | max -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(best.name) }}
{% endmacro %}

{% macro edit_distance(a, b) %}
    {%- set rows = [range(b | length + 1) | list] -%}
    {%- for i in range(1, a | length + 1) -%}
        {%- set previous = rows[-1] -%}
        {%- set current = [i] -%}
        {%- for j in range(1, b | length + 1) -%}
            {%- set substitution = previous[j - 1] + (0 if a[i - 1] == b[j - 1] else 1) -%}
            {%- do current.append([previous[j] + 1, current[j - 1] + 1, substitution] | min) -%}
        {%- endfor -%}
        {%- do rows.append(current) -%}
    {%- endfor -%}
    {{ return(rows[-1][-1]) }}
{% endmacro %}

{#- Every value that reaches SQL as text goes through sql_string: a string literal with its
    single quotes doubled, so no value can close the literal and add SQL. -#}
{% macro sql_string(value) -%}
    {{- "'" ~ (value | string).replace("'", "''") ~ "'" -}}
{%- endmacro %}

{#- A list of values as comma-separated string literals (null for an empty list). -#}
{% macro sql_string_list(values) -%}
    {%- set literals = [] -%}
    {%- for value in values -%}{%- do literals.append(sql_string(value)) -%}{%- endfor -%}
    {{- literals | join(', ') if literals else 'null' -}}
{%- endmacro %}

{% macro _setting_error(name, value, expected) %}
    {{ exceptions.raise_compiler_error("Invalid setting " ~ name ~ "=" ~ (value | string) ~ ": " ~ expected ~ ".") }}
{% endmacro %}

{% macro _validate_currency(name, value) %}
    {%- if value is not string or not modules.re.fullmatch('[A-Z]{3}', value) -%}
        {{ _setting_error(name, value, "expected an ISO 4217 currency code of three capital letters, such as USD or EUR") }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}

{% macro _validate_timezone(name, value) %}
    {%- if value is not string or value not in modules.pytz.all_timezones_set -%}
        {{ _setting_error(name, value, "expected an IANA time zone name, such as UTC or Europe/Moscow") }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}

{% macro _validate_optional_date(name, value) %}
    {%- if value is none or value == '' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set text = value | string -%}
    {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', text) -%}
        {{ _setting_error(name, value, "expected a date written YYYY-MM-DD, or null for the latest event date in the data") }}
    {%- endif -%}
    {%- set parsed = _try_parse_date(text) -%}
    {%- if parsed is none -%}
        {{ _setting_error(name, value, "expected a real calendar date written YYYY-MM-DD") }}
    {%- endif -%}
    {%- set window = plausible_time_window() -%}
    {%- if text < window.first or text >= window.end -%}
        {{ _setting_error(name, value, "expected a date from " ~ window.first ~ " to before " ~ window.end ~ " (the window the raw data's dates are accepted in)") }}
    {%- endif -%}
    {{ return(text) }}
{% endmacro %}

{% macro _try_parse_date(text) %}
    {#- Jinja has no try: check the day against the month's length by hand. -#}
    {%- set parts = text.split('-') | map('int') | list -%}
    {%- set year, month, day = parts[0], parts[1], parts[2] -%}
    {%- if month < 1 or month > 12 or day < 1 -%}{{ return(none) }}{%- endif -%}
    {%- set leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 -%}
    {%- set lengths = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
    {%- if day > lengths[month - 1] -%}{{ return(none) }}{%- endif -%}
    {{ return(modules.datetime.date(year, month, day)) }}
{% endmacro %}

{% macro _validate_reason_list(name, value) %}
    {%- if value is string or value is mapping or value is not iterable -%}
        {{ _setting_error(name, value, "expected a list of lower-case disqualification reasons, such as [duplicate, spam, test]") }}
    {%- endif -%}
    {%- for item in value -%}
        {%- if item is not string or not modules.re.fullmatch('[a-z0-9_ -]+', item) -%}
            {{ _setting_error(name, value, "expected a list of lower-case disqualification reasons, such as [duplicate, spam, test]") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(value | list) }}
{% endmacro %}

{% macro _validate_non_negative_integer(name, value) %}
    {%- if value is boolean or value is not number or (value | int) != value or value < 0 -%}
        {%- if value is string and modules.re.fullmatch('[0-9]+', value) -%}
            {{ return(value | int) }}
        {%- endif -%}
        {{ _setting_error(name, value, "expected a whole number of 0 or more") }}
    {%- endif -%}
    {{ return(value | int) }}
{% endmacro %}

{#- Counts of days and months that are added to dates: bounded, so that no setting can push a
    date out of the database's range (a conversion window of a billion days is a typo). -#}
{% macro _validate_day_count(name, value) %}
    {%- set days = _validate_non_negative_integer(name, value) -%}
    {%- if days > 36500 -%}
        {{ _setting_error(name, value, "expected a whole number of days from 0 to 36500 (100 years)") }}
    {%- endif -%}
    {{ return(days) }}
{% endmacro %}

{% macro _validate_month_count(name, value) %}
    {%- set months = _validate_non_negative_integer(name, value) -%}
    {%- if months > 1200 -%}
        {{ _setting_error(name, value, "expected a whole number of months from 0 to 1200 (100 years)") }}
    {%- endif -%}
    {{ return(months) }}
{% endmacro %}

{#- Dates and timestamps outside this window are typos (a year 2205, a 0001-01-01 placeholder):
    raw values outside it are rejected as implausible, and as_of_date must fall inside it. -#}
{% macro plausible_time_window() %}
    {{ return({'first': '1970-01-01', 'end': '2100-01-01'}) }}
{% endmacro %}

{% macro _validate_score(name, value) %}
    {%- set ok = value is number and value is not boolean and value >= 0 and value <= 100 -%}
    {%- if not ok and value is string and modules.re.fullmatch('[0-9]+(\\.[0-9]+)?', value) -%}
        {%- set ok = (value | float) <= 100 -%}
        {%- set value = value | float -%}
    {%- endif -%}
    {%- if not ok -%}
        {{ _setting_error(name, value, "expected a score from 0 to 100") }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}

{#- raw_data_dir: null (not set) reads the raw schema; an empty or blank path is a mistake, never
    a silent fallback to the bundled seeds. The folder itself is checked when the run starts
    (check_raw_data_dir). -#}
{% macro _validate_raw_data_dir(name, value) %}
    {%- if value is none -%}{{ return(none) }}{%- endif -%}
    {%- if value is not string or value | trim == '' -%}
        {{ exceptions.raise_compiler_error("Invalid setting raw_data_dir: expected the path of a folder of exports (it is empty); leave raw_data_dir unset to read the raw schema (the bundled seeds).") }}
    {%- endif -%}
    {%- if '\n' in value or '\r' in value or '\x00' in value -%}
        {{ exceptions.raise_compiler_error("Invalid setting raw_data_dir: a folder path cannot contain a line break or a NUL character.") }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}

{#- How CSV exports are written: default (UTF-8, decimal point, ISO dates) or ru (Excel and
    Russian CRMs: Windows-1251 text, decimal comma, DD.MM.YYYY[ HH:MM[:SS]] dates). -#}
{% macro _validate_csv_dialect(name, value) %}
    {%- if value is none or value == 'default' -%}{{ return('default') }}{%- endif -%}
    {%- if value != 'ru' -%}
        {{ _setting_error(name, value, "expected default or ru") }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}

{#- raw_schema is read by the sources YAML (which can call var() but no macro): validated here. -#}
{% macro _validate_schema_name(name, value) %}
    {%- if value is not string or not modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_]*', value) -%}
        {{ _setting_error(name, value, "expected a schema name (letters, digits and underscores), such as raw") }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}

{% macro _validate_one_of(name, value, allowed) %}
    {%- if value not in allowed -%}
        {{ _setting_error(name, value, "expected one of " ~ (allowed | join(', '))) }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}

{#- Only systems with an adapter in models/adapters are accepted. -#}
{% macro _validate_crm_system(name, value) %}
    {{ return(_validate_one_of(name, value, ['contract', 'salesforce', 'hubspot', 'amocrm', 'bitrix24'])) }}
{% endmacro %}

{% macro _validate_billing_system(name, value) %}
    {{ return(_validate_one_of(name, value, ['contract', 'stripe'])) }}
{% endmacro %}

{% macro _validate_telephony_system(name, value) %}
    {{ return(_validate_one_of(name, value, ['contract', 'salesforce', 'hubspot', 'amocrm', 'bitrix24'])) }}
{% endmacro %}

{#- A map of a source system's value (matched case-insensitively) to a contract value. -#}
{% macro _validate_value_map(name, value, allowed) %}
    {%- if value is not mapping -%}
        {{ _setting_error(name, value, "expected a map of source values to one of " ~ (allowed | join(', '))) }}
    {%- endif -%}
    {%- for key, mapped in value.items() -%}
        {%- if key is not string or mapped not in allowed -%}
            {{ _setting_error(name, value, "expected a map of source values to one of " ~ (allowed | join(', '))) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(value) }}
{% endmacro %}

{% macro _validate_channel_map(name, value) %}
    {{ return(_validate_value_map(name, value, ['inbound', 'outbound'])) }}
{% endmacro %}

{% macro _validate_deal_type_map(name, value) %}
    {{ return(_validate_value_map(name, value, ['new_business', 'upsell', 'cross_sell', 'renewal'])) }}
{% endmacro %}

{#- stage_probabilities: a map of a CRM's stage id (amoCRM status_id, Bitrix24 STATUS_ID) to its
    win probability from 0 to 1, for CRMs whose stages carry none. -#}
{% macro _validate_probability_map(name, value) %}
    {%- if value is none -%}{{ return({}) }}{%- endif -%}
    {%- if value is not mapping -%}
        {{ _setting_error(name, value, "expected a map of stage ids to a probability from 0 to 1, such as {'41234567': 0.3}") }}
    {%- endif -%}
    {%- set checked = {} -%}
    {%- for key, probability in value.items() -%}
        {%- if probability is boolean or probability is not number or probability < 0 or probability > 1 -%}
            {{ _setting_error(name, value, "expected a map of stage ids to a probability from 0 to 1 (never 0 to 100), such as {'41234567': 0.3}") }}
        {%- endif -%}
        {%- do checked.update({key | string: probability}) -%}
    {%- endfor -%}
    {{ return(checked) }}
{% endmacro %}

{#- A column name of a landed table (it is quoted into SQL: letters, digits, underscores only). -#}
{% macro _validate_column_name(name, value) %}
    {%- if value is not string or not modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_]*', value) -%}
        {{ _setting_error(name, value, "expected a column name (letters, digits and underscores), such as metadata_crm_account_id") }}
    {%- endif -%}
    {{ return(value | lower) }}
{% endmacro %}
