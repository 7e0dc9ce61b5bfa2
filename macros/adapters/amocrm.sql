{#- amoCRM's fixed status ids: every pipeline ends in 142 (won, "Успешно реализовано") and 143
    (lost, "Закрыто и не реализовано"); the same two ids appear in every pipeline. -#}
{% macro amocrm_closed_statuses() %}
    {{ return({'142': 'won', '143': 'lost'}) }}
{% endmacro %}

{#- amoCRM call notes' params.call_status -> the contract's call status: 4 the call took
    place; 1 left a message; 2 call back later, 3 not there, 6 no answer; 5 wrong number;
    7 busy. -#}
{% macro amocrm_call_statuses() %}
    {{ return({
        '1': 'voicemail',
        '2': 'no_answer',
        '3': 'no_answer',
        '4': 'answered',
        '5': 'failed',
        '6': 'no_answer',
        '7': 'busy',
    }) }}
{% endmacro %}

{#- The contract's call direction of an amoCRM note type (other note types are not calls). -#}
{% macro amocrm_call_note_types() %}
    {{ return({'call_in': 'inbound', 'call_out': 'outbound'}) }}
{% endmacro %}
