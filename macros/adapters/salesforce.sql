{#- Salesforce's standard lead status picklist -> the contract's lead status (an org's own
    values that are already contract statuses pass through unchanged). -#}
{% macro salesforce_lead_statuses() %}
    {{ return({
        'open - not contacted': 'new',
        'working - contacted': 'working',
        'nurturing': 'working',
        'closed - converted': 'converted',
        'closed - not converted': 'disqualified',
        'unqualified': 'disqualified',
    }) }}
{% endmacro %}

{#- Salesforce's record-id prefixes: what a task's who_id / what_id points at. -#}
{% macro salesforce_id_of(column, prefix) -%}
    case when substring(trim({{ column }}), 1, 3) = '{{ prefix }}' then trim({{ column }}) end
{%- endmacro %}

{#- A Salesforce date (close_date, converted_date) as a timestamp that is not before the
    record's creation: on the day the record was created it is the creation time. -#}
{% macro date_not_before_created(date_column, created_column) -%}
    case
        when {{ landed_date(date_column) }} = {{ landed_date(created_column) }} then {{ created_column }}
        else {{ date_column }}
    end
{%- endmacro %}
