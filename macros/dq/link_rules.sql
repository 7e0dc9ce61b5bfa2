{#- Reasons that need another table (the checked_ models, models/links_checked/): a currency
    with no exchange rate, or none on or before the row's date. `coverage` is the alias of
    base_billing__fx_coverage joined on the currency. -#}
{% macro currency_reason(currency_column, date_expression, coverage='fx_coverage') -%}
    case
        when {{ currency_column }} is not null and {{ coverage }}.currency is null
            then 'unknown currency'
        when {{ currency_column }} is not null and {{ coverage }}.first_rate_date > {{ date_expression }}
            then 'no fx rate on or before the row date'
    end
{%- endmacro %}

{#- A required link whose target is not among the used rows of the parent table. -#}
{% macro orphan_reason(column, parent_alias, parent_key) -%}
    case
        when {{ column }} is not null and {{ parent_alias }}.{{ parent_key }} is null
            then 'unknown {{ column.split(".")[-1] }}'
    end
{%- endmacro %}

{#- An optional link is kept only when its target exists. -#}
{% macro kept_link(column, parent_alias, parent_key) -%}
    case when {{ parent_alias }}.{{ parent_key }} is not null then {{ column }} end
{%- endmacro %}

{% macro dropped_link(column, parent_alias, parent_key) -%}
    case when {{ column }} is not null and {{ parent_alias }}.{{ parent_key }} is null then 1 else 0 end
{%- endmacro %}
