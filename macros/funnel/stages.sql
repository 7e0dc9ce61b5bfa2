{#- The stage of a deal at a date that no record shows: a deal closed now whose stage history
    does not reach back to the date (kpi_pipeline_value), or a lost deal with no open stage
    in its history (kpi_loss_reasons). No probability: it weighs 0. -#}
{% macro unknown_stage() -%}
    unknown
{%- endmacro %}
