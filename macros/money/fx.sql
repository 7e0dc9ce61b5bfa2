{#-
    Money conversion to the reporting currency (setting reporting_currency):
    amount × usd_per_unit(currency, day) / usd_per_unit(reporting currency, day), with the
    latest rate on or before the day (int_fx_rates_daily carries rates forward).

    Use: join int_fx_rates_daily with fx_join(), then to_reporting() the amount.
        from deals
        {{ fx_join('deal_fx', 'deals.currency', 'deals.close_date') }}
        select {{ to_reporting('deals.amount', 'deal_fx') }} as amount_reporting
-#}
{% macro fx_join(alias, currency_column, date_column) -%}
    left join {{ ref('int_fx_rates_daily') }} as {{ alias }}
        on {{ currency_column }} = {{ alias }}.currency
        and {{ date_column }} = {{ alias }}.rate_date
{%- endmacro %}

{% macro to_reporting(amount_column, alias) -%}
    ({{ amount_column }} * {{ alias }}.to_reporting_rate)
{%- endmacro %}

{#- The reporting currency must have a rate on every day of the data, or money in the marts
    would be null. Checked when int_fx_rates_daily is built (the staged rates are read then),
    so a currency without rates stops the run at the setting, with what to do; nothing is
    checked at parse, or when the staged tables are not built yet (compile, docs). USD needs
    no rate (every rate is USD per unit). Portable SQL: it runs on every engine. -#}
{% macro check_reporting_currency_rates(currency, rates, period) %}
    {%- if not execute or currency == 'USD' -%}{{ return('') }}{%- endif -%}
    {%- for relation in [rates, period] -%}
        {%- if adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) is none -%}
            {{ return('') }}
        {%- endif -%}
    {%- endfor -%}
    {%- set coverage = run_query(
        "select cast(first_rate_date as " ~ dbt.type_string() ~ ") as first_rate_date, "
        ~ "cast(data_start_date as " ~ dbt.type_string() ~ ") as data_start_date, "
        ~ "case when first_rate_date is null then 'none' "
        ~ "when first_rate_date > data_start_date then 'late' else 'ok' end as coverage "
        ~ "from (select (select min(rate_date) from " ~ rates ~ " where currency = " ~ sql_string(currency) ~ ") as first_rate_date, "
        ~ "(select min(data_start_date) from " ~ period ~ ") as data_start_date) as bounds"
    ).rows[0] -%}
    {%- if coverage['coverage'] == 'ok' -%}{{ return('') }}{%- endif -%}
    {%- set usable = run_query(
        "select rates.currency from " ~ rates ~ " as rates cross join "
        ~ "(select min(data_start_date) as data_start_date from " ~ period ~ ") as bounds "
        ~ "group by rates.currency, bounds.data_start_date "
        ~ "having min(rates.rate_date) <= bounds.data_start_date or bounds.data_start_date is null "
        ~ "order by rates.currency"
    ).columns[0].values() | list -%}
    {%- set choices = (usable + ['USD']) | unique | sort | join(', ') -%}
    {%- set start = coverage['data_start_date'] -%}
    {%- if coverage['coverage'] == 'none' -%}
        {%- set problem = "billing__fx_rates has no exchange rate for " ~ currency ~ ", so no amount can be converted to it" -%}
        {%- set fix = "add " ~ currency ~ " rates (usd_per_unit, from " ~ start ~ ", where the data starts) to billing__fx_rates" -%}
    {%- else -%}
        {%- set problem = "billing__fx_rates has " ~ currency ~ " rates only from " ~ coverage['first_rate_date'] ~ ", but the data starts on " ~ start -%}
        {%- set fix = "add " ~ currency ~ " rates on or before " ~ start ~ " to billing__fx_rates" -%}
    {%- endif -%}
    {{ exceptions.raise_compiler_error("Invalid setting reporting_currency=" ~ currency ~ ": " ~ problem ~ ". To fix it, " ~ fix ~ ", or set reporting_currency to a currency with rates from that day: " ~ choices ~ ".") }}
{% endmacro %}
