with

source as (
    select * from {{ raw_relation('crm', 'pipeline_stages') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('crm', 'pipeline_stages', lower=['stage', 'forecast_category']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('crm', 'pipeline_stages') + [
            range_rule('crm', 'pipeline_stages', 'probability'),
            ('is_won and not is_closed', 'won stage not closed'),
            enumeration_rule('crm', 'pipeline_stages', 'forecast_category'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('crm', 'pipeline_stages')) }} as key_rank
    from row_checked
),

final as (
    select
        _row_number,
        {{ record_key(contract_key('crm', 'pipeline_stages')) }} as record_key,
        stage,
        stage_order,
        probability,
        is_closed,
        is_won,
        forecast_category,
        coalesce(row_reason, case when key_rank > 1 then 'duplicate key' end) as rejection_reason,
        0 as links_dropped
    from key_ranked
)

select * from final
