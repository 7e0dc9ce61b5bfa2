{#-
    A series of dates from start_date to end_date (both included), built from a cross
    join of digits so it runs on any engine and needs no hard-coded start: the bounds are
    SQL expressions, normally read from the data (int_report_period). Up to 100,000 days.
-#}
{% macro date_series(start_date, end_date, column_name='date_day') -%}
    select
        cast({{ dbt.dateadd('day', 'digits.day_offset', start_date) }} as date) as {{ column_name }}
    from (
        select
            d1.n + d2.n * 10 + d3.n * 100 + d4.n * 1000 + d5.n * 10000 as day_offset
        from {{ _digits() }} as d1
        cross join {{ _digits() }} as d2
        cross join {{ _digits() }} as d3
        cross join {{ _digits() }} as d4
        cross join {{ _digits() }} as d5
    ) as digits
    where digits.day_offset <= {{ dbt.datediff(start_date, end_date, 'day') }}
{%- endmacro %}

{% macro _digits() -%}
    (
        select 0 as n union all select 1 union all select 2 union all select 3
        union all select 4 union all select 5 union all select 6 union all select 7
        union all select 8 union all select 9
    )
{%- endmacro %}
