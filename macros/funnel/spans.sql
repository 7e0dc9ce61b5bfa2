{#- What a deal's stage spans are made of, as one hash: the deal's columns the spans read and a
    summary of its stage history (rows, first and last entry). An incremental run of
    int_deal_stage_spans rebuilds a deal's spans when this differs from the one built. -#}
{% macro deal_span_fingerprint(deals, history_per_deal) -%}
    {%- set parts = [] -%}
    {%- for column in [
        deals ~ '.stage', deals ~ '.created_at', deals ~ '.closed_at', deals ~ '.owner_id',
        deals ~ '.deal_type', deals ~ '.is_deleted', history_per_deal ~ '.history_rows',
        history_per_deal ~ '.first_entered_at', history_per_deal ~ '.last_entered_at',
    ] -%}
        {%- if not loop.first -%}{%- do parts.append("'|'") -%}{%- endif -%}
        {%- do parts.append("coalesce(" ~ dbt.safe_cast(column, dbt.type_string()) ~ ", '~')") -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}
