{#- Tables whose base model sets bad optional values to null (values_dropped). -#}
{%- set tables_with_values_dropped = ['crm__leads'] -%}
with

{% for table in raw_tables() %}
{{ table }} as (
    select
        '{{ table }}' as source_table,
        count(*) as rows_in,
        sum(case when rejection_reason is null then 1 else 0 end) as rows_used,
        sum(case when rejection_reason is not null then 1 else 0 end) as rows_rejected,
        sum(case when rejection_reason is null then links_dropped else 0 end) as links_dropped,
        {% if table in tables_with_values_dropped -%}
        sum(case when rejection_reason is null then values_dropped else 0 end)
        {%- else -%}
        0
        {%- endif %} as values_dropped
    from {{ ref('base_' ~ table) }}
),

{% endfor %}
unioned as (
    {% for table in raw_tables() %}
    select * from {{ table }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        source_table,
        rows_in,
        coalesce(rows_used, 0) as rows_used,
        coalesce(rows_rejected, 0) as rows_rejected,
        coalesce(links_dropped, 0) as links_dropped,
        coalesce(values_dropped, 0) as values_dropped
    from unioned
)

select * from final
