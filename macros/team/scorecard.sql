{#-
    The scorecard's additive figures, written once for the rep scorecard and its team and
    department roll-ups: every figure is a total or a count, and every rate or mean is made
    from them (a roll-up sums the figures, then recomputes the rates; it never averages them).
-#}
{% macro scorecard_figures() %}
    {#- (column, kind): kind 'count' is a whole number, 'money' an amount (or score total). -#}
    {{ return([
        ('leads_total', 'count'),
        ('leads_owned', 'count'),
        ('leads_converted_to_date', 'count'),
        ('leads_converted_in_window', 'count'),
        ('deals_won', 'count'),
        ('deals_lost', 'count'),
        ('won_amount', 'money'),
        ('lost_amount', 'money'),
        ('quota_amount', 'money'),
        ('open_deals', 'count'),
        ('open_pipeline_value', 'money'),
        ('open_weighted_pipeline_value', 'money'),
        ('cycle_days_won_total', 'count'),
        ('cycle_days_won_count', 'count'),
        ('calls', 'count'),
        ('calls_answered', 'count'),
        ('calls_connected', 'count'),
        ('calls_scored', 'count'),
        ('score_total', 'money'),
        ('won_upsell_deals', 'count'),
        ('won_upsell_amount', 'money'),
        ('won_cross_sell_deals', 'count'),
        ('won_cross_sell_amount', 'money'),
        ('leads_called', 'count'),
        ('deals_won_3m', 'count'),
        ('deals_lost_3m', 'count'),
        ('won_amount_3m', 'money'),
        ('cycle_days_won_total_3m', 'count'),
        ('cycle_days_won_count_3m', 'count'),
    ]) }}
{% endmacro %}

{#- The sum of every figure, for a roll-up of rep_scorecard (trailing comma included). -#}
{% macro scorecard_sums() -%}
    {%- for name, kind in scorecard_figures() %}
        sum({{ name }}) as {{ name }},
    {%- endfor %}
{%- endmacro %}

{#- Every figure cast to its type (no trailing comma): the columns of fct_rep_figures_monthly. -#}
{% macro scorecard_typed_figures() -%}
    {%- for name, kind in scorecard_figures() %}
        cast({{ name }} as {{ dbt.type_bigint() if kind == 'count' else type_double() }}) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- Every figure with its type, then the rates and means made from them (no trailing comma).
    quota_won_column: the won amount that quota attainment divides by the quota: won_amount
    for a rep; for a roll-up, the won amount of the reps that have a quota. -#}
{% macro scorecard_columns(quota_won_column='won_amount') -%}
    {%- for name, kind in scorecard_figures() %}
        cast({{ name }} as {{ dbt.type_bigint() if kind == 'count' else type_double() }}) as {{ name }},
    {%- endfor %}
        {{ safe_divide('leads_converted_to_date', 'leads_owned') }} as conversion_rate_to_date,
        {{ safe_divide('leads_converted_in_window', 'leads_owned') }} as conversion_rate_in_window,
        {{ safe_divide('deals_won', 'deals_won + deals_lost') }} as win_rate_by_count,
        {{ safe_divide(quota_won_column, 'quota_amount') }} as quota_attainment,
        {{ safe_divide('cycle_days_won_total', 'cycle_days_won_count') }} as cycle_days_won_mean,
        {{ safe_divide('score_total', 'calls_scored') }} as score_mean,
        {#- Sales velocity (trailing 3 months): open deals × win rate × mean won deal size / mean
            won cycle days; null when any part is null or 0. -#}
        {{ safe_divide('deals_won_3m', 'deals_won_3m + deals_lost_3m') }} as win_rate_3m,
        {{ safe_divide('won_amount_3m', 'deals_won_3m') }} as won_deal_size_mean_3m,
        {{ safe_divide('cycle_days_won_total_3m', 'cycle_days_won_count_3m') }} as cycle_days_won_mean_3m,
        cast(
            nullif(open_deals, 0)
            * nullif({{ safe_divide('deals_won_3m', 'deals_won_3m + deals_lost_3m') }}, 0)
            * nullif({{ safe_divide('won_amount_3m', 'deals_won_3m') }}, 0)
            / nullif({{ safe_divide('cycle_days_won_total_3m', 'cycle_days_won_count_3m') }}, 0)
            as {{ type_double() }}
        ) as sales_velocity,
        {{ safe_divide('calls', 'deals_won') }} as calls_per_won_deal,
        {{ safe_divide('leads_called', 'leads_owned') }} as share_of_valid_leads_called
{%- endmacro %}
