{#- HubSpot's original-source values (hs_analytics_source) -> the contract's lead source. -#}
{% macro hubspot_analytics_sources() %}
    {{ return({
        'organic_search': 'organic_search',
        'paid_search': 'paid_search',
        'social_media': 'social',
        'paid_social': 'paid_social',
        'referrals': 'referral',
        'direct_traffic': 'website',
        'email_marketing': 'email',
        'other_campaigns': 'other_campaigns',
        'offline': 'offline',
    }) }}
{% endmacro %}

{#- HubSpot's lifecycle stages -> the contract's lead status (customer and hs_lead_status
    UNQUALIFIED / NEW are decided before this map). -#}
{% macro hubspot_lifecycle_statuses() %}
    {{ return({
        'subscriber': 'working',
        'lead': 'working',
        'marketingqualifiedlead': 'working',
        'salesqualifiedlead': 'qualified',
        'opportunity': 'qualified',
        'customer': 'converted',
    }) }}
{% endmacro %}

{#- HubSpot's default call outcomes (hs_call_disposition holds the outcome's id) -> the
    contract's call status. A portal's own outcomes pass through to the call status. -#}
{% macro hubspot_call_dispositions() %}
    {{ return({
        'f240bbac-87c9-4f6e-bf70-924b57d47db7': 'answered',
        'a4c4c377-d246-4b32-a13b-75a56a4cd0ff': 'voicemail',
        'b2cf5968-551e-4856-9783-52b3da59a7d0': 'voicemail',
        '73a0d17f-1163-4015-bdd5-ec830791da20': 'no_answer',
        '9d9162e7-6cf3-4944-bf63-4dff82258764': 'busy',
        '17b47fee-58de-441e-a44c-c6300d46f273': 'failed',
    }) }}
{% endmacro %}

{#- HubSpot's call status (hs_call_status) -> the contract's call status; COMPLETED is
    decided by the duration (answered when > 0). -#}
{% macro hubspot_call_statuses() %}
    {{ return({
        'busy': 'busy',
        'no_answer': 'no_answer',
        'failed': 'failed',
        'canceled': 'failed',
    }) }}
{% endmacro %}

{#- Milliseconds (text) as whole seconds (text, rounded); a value that is not a number passes
    through for staging to reject. -#}
{% macro milliseconds_to_seconds(column) -%}
    case
        when {{ parse_decimal(column) }} is null then {{ column }}
        else cast(cast(round({{ parse_decimal(column) }} / 1000) as {{ dbt.type_bigint() }}) as {{ dbt.type_string() }})
    end
{%- endmacro %}
