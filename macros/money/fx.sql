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
