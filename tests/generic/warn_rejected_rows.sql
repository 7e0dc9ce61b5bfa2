{#- Every rejected raw row, so that `dbt build` reports them as a warning. -#}
{% test warn_rejected_rows(model) %}
    select * from {{ model }}
{% endtest %}
