{#- An as_of_date outside the data is legitimate (a report "as of" a day before the first
    event, or long after the last): the build goes on, with empty or sparse marts, and this
    note says why in the build output (`make build` repeats it under its summary). Read when
    int_calendar_days is built; nothing at parse or before int_report_period is built. -#}
{% macro note_report_period(period) %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- if adapter.get_relation(database=period.database, schema=period.schema, identifier=period.identifier) is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set row = run_query(
        "select cast(as_of_date as " ~ dbt.type_string() ~ ") as as_of_date, "
        ~ "cast(data_start_date as " ~ dbt.type_string() ~ ") as data_start_date, "
        ~ "cast(latest_event_date as " ~ dbt.type_string() ~ ") as latest_event_date, "
        ~ "case when as_of_date < data_start_date then 'before' "
        ~ "when as_of_date > latest_event_date then 'after' end as position, "
        ~ dbt.datediff('latest_event_date', 'as_of_date', 'day') ~ " as days_after "
        ~ "from " ~ period
    ).rows[0] -%}
    {%- if row['position'] == 'before' -%}
        {{ log("NOTE: as_of_date " ~ row['as_of_date'] ~ " is before the first event in the data (" ~ row['data_start_date'] ~ "): nothing had happened yet, so the marts are empty. Set as_of_date to a day from " ~ row['data_start_date'] ~ " to " ~ row['latest_event_date'] ~ ", or leave it unset for the latest event.", info=true) }}
    {%- elif row['position'] == 'after' -%}
        {{ log("NOTE: as_of_date " ~ row['as_of_date'] ~ " is " ~ row['days_after'] ~ " days after the latest event in the data (" ~ row['latest_event_date'] ~ "): the days after it have no activity (no leads, deals or calls), and open deals and MRR stand as last recorded.", info=true) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}
