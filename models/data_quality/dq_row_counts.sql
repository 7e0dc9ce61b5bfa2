{#- Rows in, used and rejected per raw table. A row is rejected by its own rules (base_
    models, in staging) or, once it passed them, by its links to other tables (checked_
    models, in links_checked); links_dropped counts optional links set to null on used rows
    (crm__users' manager in its base_ model, links to other tables in the checked_ model). -#}
{%- set tables_with_values_dropped = ['crm__leads'] -%}
{%- set tables_with_own_links = ['crm__users'] -%}
with

{% for table in raw_tables() %}
{{ table }} as (
    select
        '{{ table }}' as source_table,
        count(*) as rows_in,
        sum(case when rejection_reason is not null then 1 else 0 end) as rows_rejected,
        {% if table in tables_with_own_links -%}
        sum(case when rejection_reason is null then links_dropped else 0 end)
        {%- else -%}
        0
        {%- endif %} as links_dropped,
        {% if table in tables_with_values_dropped -%}
        sum(case when rejection_reason is null then values_dropped else 0 end)
        {%- else -%}
        0
        {%- endif %} as values_dropped
    from {{ ref('base_' ~ table) }}
),

{% endfor %}
{% for table in links_checked_tables() %}
{{ table }}__links as (
    select
        '{{ table }}' as source_table,
        0 as rows_in,
        sum(case when rejection_reason is not null then 1 else 0 end) as rows_rejected,
        sum(case when rejection_reason is null then links_dropped else 0 end) as links_dropped,
        0 as values_dropped
    from {{ ref('checked_' ~ table) }}
),

{% endfor %}
unioned as (
    {% for table in raw_tables() %}
    select * from {{ table }}
    union all
    {% endfor %}
    {% for table in links_checked_tables() %}
    select * from {{ table }}__links
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

summed as (
    select
        source_table,
        cast(sum(rows_in) as {{ dbt.type_bigint() }}) as rows_in,
        sum(coalesce(rows_rejected, 0)) as rows_rejected,
        sum(coalesce(links_dropped, 0)) as links_dropped,
        sum(coalesce(values_dropped, 0)) as values_dropped
    from unioned
    group by source_table
),

final as (
    select
        source_table,
        rows_in,
        rows_in - rows_rejected as rows_used,
        rows_rejected,
        links_dropped,
        values_dropped
    from summed
)

select * from final
