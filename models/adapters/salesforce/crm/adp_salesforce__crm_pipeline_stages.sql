{#- Salesforce OpportunityStage -> crm__pipeline_stages. Salesforce probabilities are 0-100:
    they are divided by 100 here, and nowhere else. When OpportunityStage was not landed the
    stages are derived from the opportunities: each distinct stage_name with its largest
    probability, closed / won when any of its opportunities is, ordered open before closed,
    then by probability, with no forecast category (staging reads it as pipeline when open). -#}
with

stages as (
    select * from {{ ref('base_salesforce__opportunity_stage') }}
),

opportunities as (
    select * from {{ ref('base_salesforce__opportunity') }}
),

landed_stages as (
    select
        master_label as stage,
        sort_order as stage_order,
        {{ divided_text('default_probability', '100') }} as probability,
        is_closed,
        is_won,
        {#- ForecastCategoryName: Pipeline, Best Case, Commit, Omitted, Closed (closed stages are
            out of the forecast: omitted). Other values pass through and staging rejects them. -#}
        case
            when lower(trim(forecast_category_name)) = 'closed' then 'omitted'
            else replace(lower(trim(forecast_category_name)), ' ', '_')
        end as forecast_category,
        _row_number
    from stages
),

opportunity_stages as (
    select
        stage_name,
        max({{ parse_decimal('probability') }}) as max_probability,
        max(case when {{ parse_boolean('is_closed') }} then 1 else 0 end) as any_closed,
        max(case when {{ parse_boolean('is_won') }} then 1 else 0 end) as any_won
    from opportunities
    where
        {{ nullif_blank('stage_name') }} is not null
        and not exists (select stages.master_label from stages)
    group by stage_name
),

derived_stages as (
    select
        stage_name as stage,
        cast(row_number() over (order by any_closed, max_probability, stage_name) as {{ dbt.type_string() }})
            as stage_order,
        cast(cast(coalesce(max_probability, 0) / 100 as {{ dbt.type_numeric() }}) as {{ dbt.type_string() }})
            as probability,
        case when any_closed = 1 then 'true' else 'false' end as is_closed,
        case when any_won = 1 then 'true' else 'false' end as is_won,
        cast(null as {{ dbt.type_string() }}) as forecast_category,
        row_number() over (order by any_closed, max_probability, stage_name) as _row_number
    from opportunity_stages
),

final as (
    select * from landed_stages
    union all
    select * from derived_stages
)

select * from final
