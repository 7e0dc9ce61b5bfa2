with

base as (
    select * from {{ ref('base_crm__pipeline_stages') }}
),

final as (
    select
        stage,
        stage_order,
        probability,
        is_closed,
        is_won,
        {#- The optional forecast category: missing (column absent or empty) → an open stage is
            pipeline; a closed stage is out of the forecast (omitted). -#}
        coalesce(
            forecast_category,
            case when is_closed then 'omitted' else 'pipeline' end
        ) as forecast_category
    from base
    where rejection_reason is null
)

select * from final
