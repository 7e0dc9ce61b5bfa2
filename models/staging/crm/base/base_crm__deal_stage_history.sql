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
        {{ key_rank(contract_key('crm', 'deal_stage_history')) }} as key_rank
    from row_checked
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(contract_key('crm', 'deal_stage_history')) }} as record_key,
        key_ranked.deal_id,
        key_ranked.stage,
        key_ranked.entered_at,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason
    from key_ranked
)

select * from final
