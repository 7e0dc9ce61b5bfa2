{#-
    A scorecard's figures agree with the KPI mart they come from: for every user known to
    dim_reps and every month of the report, each figure equals the sum of its source column
    in `mart` (to the cent: |difference| <= 0.005), compared both ways, so a figure missing on
    either side fails.

    mart: the KPI mart (ref). mart_month / mart_user: its month (or as-of date) and user
    columns. figures: {scorecard column: mart column to sum}. month_match: how the mart's
    month column meets the calendar: 'month_start' (a month column) or 'snapshot_date'
    (an as-of date column, taken at each month's snapshot day).
-#}
{% test agrees_with_mart(model, mart, mart_month, mart_user, figures, month_match='month_start') %}

with

scorecard as (
    select * from {{ model }}
),

mart as (
    select * from {{ mart }}
),

reps as (
    select * from {{ ref('dim_reps') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

mart_by_user as (
    select
        months.month_start as month_start,
        mart.{{ mart_user }} as user_id,
        {%- for figure, source_column in figures.items() %}
        sum(mart.{{ source_column }}) as {{ figure }}{{ ',' if not loop.last }}
        {%- endfor %}
    from mart
    inner join reps
        on mart.{{ mart_user }} = reps.user_id
    inner join months
        on mart.{{ mart_month }} = months.{{ month_match }}
    group by
        months.month_start,
        mart.{{ mart_user }}
)

select
    coalesce(scorecard.month, mart_by_user.month_start) as month_start,
    coalesce(scorecard.user_id, mart_by_user.user_id) as user_id,
    {%- for figure in figures %}
    scorecard.{{ figure }} as scorecard_{{ figure }},
    mart_by_user.{{ figure }} as mart_{{ figure }}{{ ',' if not loop.last }}
    {%- endfor %}
from scorecard
full outer join mart_by_user
    on scorecard.month = mart_by_user.month_start
    and scorecard.user_id = mart_by_user.user_id
where
    {%- for figure in figures %}
    abs(coalesce(scorecard.{{ figure }}, 0) - coalesce(mart_by_user.{{ figure }}, 0)) > 0.005
    {%- if not loop.last %} or{% endif %}
    {%- endfor %}

{% endtest %}
