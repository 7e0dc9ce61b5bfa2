{#-
    Cutting UTC timestamps into days and months of the reporting time zone
    (setting reporting_timezone). Every "date of", "day" and "month" in the KPIs goes
    through these, so a call at 23:30 UTC lands on the next day in Moscow.
-#}

{#- The wall-clock time in the reporting time zone of a UTC timestamp (no zone). -#}
{% macro to_reporting_tz(column) -%}
    {%- set tz = setting('reporting_timezone') -%}
    {%- if tz in ('UTC', 'Etc/UTC') -%}
        {{ column }}
    {%- else -%}
        {{ adapter.dispatch('convert_utc_to_zone', 'sales_kpi')(column, tz) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__convert_utc_to_zone(column, tz) -%}
    (({{ column }}) at time zone 'UTC') at time zone {{ sql_string(tz) }}
{%- endmacro %}

{% macro duckdb__convert_utc_to_zone(column, tz) -%}
    timezone({{ sql_string(tz) }}, timezone('UTC', {{ column }}))
{%- endmacro %}

{% macro spark__convert_utc_to_zone(column, tz) -%}
    from_utc_timestamp({{ column }}, {{ sql_string(tz) }})
{%- endmacro %}

{#- The calendar date, in the reporting time zone, of a UTC timestamp. -#}
{% macro local_date(column) -%}
    cast({{ to_reporting_tz(column) }} as date)
{%- endmacro %}

{#- The first day of the month, in the reporting time zone, of a UTC timestamp. -#}
{% macro local_month(column) -%}
    cast({{ dbt.date_trunc('month', to_reporting_tz(column)) }} as date)
{%- endmacro %}

{#- The first day of the month of a date. -#}
{% macro month_of(date_column) -%}
    cast({{ dbt.date_trunc('month', date_column) }} as date)
{%- endmacro %}

{#- The last day of the month of a date. -#}
{% macro month_end_of(date_column) -%}
    cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, month_of(date_column))) }} as date)
{%- endmacro %}

{#- Whole calendar days from one date to another (positive when end is later). -#}
{% macro days_between(start_date, end_date) -%}
    {{ dbt.datediff(start_date, end_date, 'day') }}
{%- endmacro %}
