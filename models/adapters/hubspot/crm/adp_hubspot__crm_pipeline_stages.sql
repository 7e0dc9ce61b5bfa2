{#- HubSpot deal pipeline stages -> crm__pipeline_stages. The stage is the stage_id (what deals
    and the stage history carry; labels may repeat across pipelines). HubSpot probabilities are
    already 0-1. Won: closed_won when landed, else probability 1; closed: is_closed when landed,
    else won or probability 0 (HubSpot's closed-lost stages have probability 0). stage_order:
    display_order (per pipeline: with several pipelines the orders repeat). HubSpot has no
    forecast category on stages: null (staging reads an open stage as pipeline). -#}
with

stages as (
    select * from {{ ref('base_hubspot__deal_pipeline_stage') }}
),

flagged as (
    select
        *,
        coalesce(
            {{ parse_boolean('closed_won') }},
            {{ parse_decimal('probability') }} = 1
        ) as is_won_flag
    from stages
),

final as (
    select
        stage_id as stage,
        display_order as stage_order,
        probability,
        case
            when coalesce({{ parse_boolean('is_closed') }}, is_won_flag or {{ parse_decimal('probability') }} = 0)
                then 'true'
            else 'false'
        end as is_closed,
        case when is_won_flag then 'true' else 'false' end as is_won,
        cast(null as {{ dbt.type_string() }}) as forecast_category,
        _row_number
    from flagged
)

select * from final
