{#- Bitrix24 deal stages (crm.status.list) -> crm__pipeline_stages. SEMANTICS: S = won, F =
    lost (both closed), empty = open. Bitrix24 stages carry no probability: the setting
    stage_probabilities gives it (others 0); won 1, lost 0. stage_order: SORT. When the
    export holds every status list (ENTITY_ID: STATUS for leads, SOURCE, ...), only the deal
    stages (ENTITY_ID DEAL_STAGE, DEAL_STAGE_<category>) are stages. -#}
with

statuses as (
    select * from {{ ref('base_bitrix24__stages') }}
),

final as (
    select
        trim(status_id) as stage,
        sort as stage_order,
        case {{ bitrix24_semantics('semantics') }}
            when 'won' then '1'
            when 'lost' then '0'
            else {{ stage_probability_text('status_id') }}
        end as probability,
        case when {{ bitrix24_semantics('semantics') }} = 'open' then 'false' else 'true' end as is_closed,
        case when {{ bitrix24_semantics('semantics') }} = 'won' then 'true' else 'false' end as is_won,
        cast(null as {{ dbt.type_string() }}) as forecast_category,
        _row_number
    from statuses
    where
        {{ nullif_blank('entity_id') }} is null
        or upper(trim(entity_id)) like 'DEAL_STAGE%'
)

select * from final
