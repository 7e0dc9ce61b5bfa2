with

source as (
    select * from {{ raw_relation('crm', 'deal_stage_history') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('crm', 'deal_stage_history', lower=['stage']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('crm', 'deal_stage_history')) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(['deal_id', 'entered_at']) }} as key_rank
    from row_checked
),

deals as (
    select deal_id from {{ ref('stg_crm__deals') }}
),

stages as (
    select stage from {{ ref('stg_crm__pipeline_stages') }}
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(['deal_id', 'entered_at']) }} as record_key,
        key_ranked.deal_id,
        key_ranked.stage,
        key_ranked.entered_at,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end,
            {{ orphan_reason('key_ranked.deal_id', 'deals', 'deal_id') }},
            {{ orphan_reason('key_ranked.stage', 'stages', 'stage') }}
        ) as rejection_reason,
        0 as links_dropped
    from key_ranked
    left join deals
        on key_ranked.deal_id = deals.deal_id
    left join stages
        on key_ranked.stage = stages.stage
)

select * from final
