{#- No column of a composite key is null. -#}
{% test not_null_combination(model, combination) %}
    select *
    from {{ model }}
    where {% for column in combination %}{{ column }} is null{% if not loop.last %} or {% endif %}{% endfor %}
{% endtest %}
