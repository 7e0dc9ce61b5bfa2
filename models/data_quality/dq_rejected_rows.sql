{#- Every rejected raw row with its reason: the rules of the row itself (base_ models, in
    staging) and, for the rows that passed them, the links to other tables (checked_ models,
    in links_checked). A row is rejected by one of the two, never both. -#}
with

{% for table in raw_tables() %}
{{ table }} as (
    select
        '{{ table }}' as source_table,
        record_key,
        _row_number as source_row_number,
        rejection_reason as reason
    from {{ ref('base_' ~ table) }}
    where rejection_reason is not null
),

{% endfor %}
{% for table in links_checked_tables() %}
{{ table }}__links as (
    select
        '{{ table }}' as source_table,
        record_key,
        _row_number as source_row_number,
        rejection_reason as reason
    from {{ ref('checked_' ~ table) }}
    where rejection_reason is not null
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

final as (
    select
        source_table,
        record_key,
        source_row_number,
        reason
    from unioned
)

select * from final
