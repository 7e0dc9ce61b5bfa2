{#-
    The project's settings (dbt vars) with their validation. Every model reads a setting
    through `setting(name)`, which validates it, so a bad value stops compilation with a
    message that names the setting. `validate_settings()` runs all checks at the start of
    every run (on-run-start), so a setting no selected model uses is still checked.
-#}

{% macro setting(name) %}
    {%- set value = var(name, none) -%}
    {%- set validators = {
        'reporting_currency': _validate_currency,
        'reporting_timezone': _validate_timezone,
        'as_of_date': _validate_optional_date,
        'invalid_lead_reasons': _validate_reason_list,
        'conversion_window_days': _validate_non_negative_integer,
        'connected_call_min_seconds': _validate_non_negative_integer,
        'quality_score_threshold': _validate_score,
        'competitor_price_max_age_months': _validate_non_negative_integer,
        'raw_data_dir': _validate_optional_text,
        'raw_schema': _validate_schema_name,
        'no_activity_days': _validate_non_negative_integer,
    } -%}
    {%- if name not in validators -%}
        {{ exceptions.raise_compiler_error("Unknown setting '" ~ name ~ "'. Known settings: " ~ (validators.keys() | list | sort | join(', '))) }}
    {%- endif -%}
    {{ return(validators[name](name, value)) }}
{% endmacro %}

{% macro validate_settings() %}
    {%- for name in ['reporting_currency', 'reporting_timezone', 'as_of_date', 'invalid_lead_reasons',
                     'conversion_window_days', 'connected_call_min_seconds', 'quality_score_threshold',
                     'competitor_price_max_age_months', 'raw_data_dir', 'raw_schema',
                     'no_activity_days'] -%}
        {%- do setting(name) -%}
    {%- endfor -%}
    {{ return('select 1 as settings_ok') }}
{% endmacro %}

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

{% macro _validate_optional_text(name, value) %}
    {%- if value is none or value == '' -%}{{ return(none) }}{%- endif -%}
    {%- if value is not string -%}
        {{ _setting_error(name, value, "expected a folder path") }}
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
