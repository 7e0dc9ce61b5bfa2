{#- The model has exactly `expected` rows. -#}
{% test row_count_is(model, expected) %}
    select count(*) as actual_rows
    from {{ model }}
    having count(*) <> {{ expected }}
{% endtest %}
