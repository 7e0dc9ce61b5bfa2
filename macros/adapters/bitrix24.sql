{#- Bitrix24 writes flags as Y / N: as the contract's true / false (other values pass through,
    so that staging rejects them as unparseable). -#}
{% macro bitrix24_flag(column) -%}
    case upper(trim({{ column }}))
        when 'Y' then 'true'
        when 'N' then 'false'
        else {{ column }}
    end
{%- endmacro %}

{#- A Bitrix24 link id: '0' (Bitrix24's "none", e.g. COMPANY_ID of a deal without a company)
    and blanks are no link. -#}
{% macro bitrix24_link(column) -%}
    case when trim({{ column }}) in ('', '0') then null else trim({{ column }}) end
{%- endmacro %}

{#- crm.status.list SEMANTICS (S = success, F = failure, empty = in progress; some exports
    write the words) -> 'won', 'lost' or 'open'. -#}
{% macro bitrix24_semantics(column) -%}
    case
        when upper(trim({{ column }})) in ('S', 'SUCCESS') then 'won'
        when upper(trim({{ column }})) in ('F', 'FAILURE') then 'lost'
        else 'open'
    end
{%- endmacro %}

{#- voximplant.statistic.get CALL_TYPE -> direction: 1 outbound, 2 inbound, 3 inbound with
    redirect, 4 callback (we call the client back: outbound). -#}
{% macro bitrix24_call_directions() %}
    {{ return({'1': 'outbound', '2': 'inbound', '3': 'inbound', '4': 'outbound'}) }}
{% endmacro %}

{#- voximplant CALL_FAILED_CODE (SIP codes) -> status: 200 answered; 304 missed, 480
    unavailable, 603 declined: no_answer; 486 busy; any other code: failed. -#}
{% macro bitrix24_call_statuses() %}
    {{ return({'200': 'answered', '304': 'no_answer', '480': 'no_answer', '603': 'no_answer', '486': 'busy'}) }}
{% endmacro %}
