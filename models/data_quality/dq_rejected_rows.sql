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
unioned as (
    {% for table in raw_tables() %}
    select * from {{ table }}
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
