{#- The pipeline waterfall: how the open pipeline at the end of the previous month became the
    open pipeline at the end of this one, per owner, in counts and values. -#}
with

movements as (
    select * from {{ ref('int_deal_movements_monthly') }}
),

{%- set buckets = ['won', 'lost', 'advanced', 'regressed', 'unchanged', 'new', 'reopened'] %}

aggregated as (
    select
        month_start,
        owner_id,
        sum(case when is_open_at_opening then 1 else 0 end) as opening_deals,
        sum(opening_value) as opening_value,
        sum(opening_weighted_value) as weighted_opening_value,
        {%- for bucket in buckets %}
        sum(case when bucket = '{{ bucket }}' then 1 else 0 end) as {{ bucket }}_deals,
        {%- endfor %}
        {%- for bucket in ['won', 'lost'] %}
        sum(case when bucket = '{{ bucket }}' then opening_value else 0 end) as {{ bucket }}_value,
        sum(case when bucket = '{{ bucket }}' then opening_weighted_value else 0 end) as weighted_{{ bucket }}_value,
        {%- endfor %}
        {%- for bucket in ['new', 'reopened'] %}
        sum(case when bucket = '{{ bucket }}' then closing_value else 0 end) as {{ bucket }}_value,
        sum(case when bucket = '{{ bucket }}' then closing_weighted_value else 0 end) as weighted_{{ bucket }}_value,
        {%- endfor %}
        sum(case when is_open_at_opening and is_open_at_closing then opening_value else 0 end) as carried_value_opening,
        sum(case when is_open_at_opening and is_open_at_closing then closing_value else 0 end) as carried_value_closing,
        sum(
            case when is_open_at_opening and is_open_at_closing then opening_weighted_value else 0 end
        ) as weighted_carried_value_opening,
        sum(
            case when is_open_at_opening and is_open_at_closing then closing_weighted_value else 0 end
        ) as weighted_carried_value_closing,
        sum(fx_effect) as fx_effect,
        sum(weighted_fx_effect) as weighted_fx_effect,
        sum(weighted_stage_change) as weighted_stage_change,
        sum(case when bucket = 'created_and_closed_won' then 1 else 0 end) as created_and_closed_won,
        sum(case when bucket = 'created_and_closed_lost' then 1 else 0 end) as created_and_closed_lost,
        sum(case when is_open_at_closing then 1 else 0 end) as closing_deals,
        sum(closing_value) as closing_value,
        sum(closing_weighted_value) as weighted_closing_value
    from movements
    group by
        month_start,
        owner_id
),

final as (
    select
        cast(month_start as date) as month,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        cast(opening_deals as {{ dbt.type_bigint() }}) as opening_deals,
        cast(opening_value as {{ type_double() }}) as opening_value,
        cast(won_deals as {{ dbt.type_bigint() }}) as won_deals,
        cast(won_value as {{ type_double() }}) as won_value,
        cast(lost_deals as {{ dbt.type_bigint() }}) as lost_deals,
        cast(lost_value as {{ type_double() }}) as lost_value,
        cast(advanced_deals + regressed_deals + unchanged_deals as {{ dbt.type_bigint() }}) as carried_deals,
        cast(advanced_deals as {{ dbt.type_bigint() }}) as advanced_deals,
        cast(regressed_deals as {{ dbt.type_bigint() }}) as regressed_deals,
        cast(unchanged_deals as {{ dbt.type_bigint() }}) as unchanged_deals,
        cast(carried_value_opening as {{ type_double() }}) as carried_value_opening,
        cast(carried_value_closing as {{ type_double() }}) as carried_value_closing,
        cast(fx_effect as {{ type_double() }}) as fx_effect,
        cast(new_deals as {{ dbt.type_bigint() }}) as new_deals,
        cast(new_value as {{ type_double() }}) as new_value,
        cast(reopened_deals as {{ dbt.type_bigint() }}) as reopened_deals,
        cast(reopened_value as {{ type_double() }}) as reopened_value,
        cast(created_and_closed_won as {{ dbt.type_bigint() }}) as created_and_closed_won,
        cast(created_and_closed_lost as {{ dbt.type_bigint() }}) as created_and_closed_lost,
        cast(closing_deals as {{ dbt.type_bigint() }}) as closing_deals,
        cast(closing_value as {{ type_double() }}) as closing_value,
        cast(weighted_opening_value as {{ type_double() }}) as weighted_opening_value,
        cast(weighted_won_value as {{ type_double() }}) as weighted_won_value,
        cast(weighted_lost_value as {{ type_double() }}) as weighted_lost_value,
        cast(weighted_carried_value_opening as {{ type_double() }}) as weighted_carried_value_opening,
        cast(weighted_carried_value_closing as {{ type_double() }}) as weighted_carried_value_closing,
        cast(weighted_fx_effect as {{ type_double() }}) as weighted_fx_effect,
        cast(weighted_stage_change as {{ type_double() }}) as weighted_stage_change,
        cast(weighted_new_value as {{ type_double() }}) as weighted_new_value,
        cast(weighted_reopened_value as {{ type_double() }}) as weighted_reopened_value,
        cast(weighted_closing_value as {{ type_double() }}) as weighted_closing_value
    from aggregated
)

select * from final
