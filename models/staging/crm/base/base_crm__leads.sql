{%- set converted_at_dropped = value_dropped(
    'key_ranked', 'converted_at', 'timestamp', 'key_ranked.converted_at < key_ranked.created_at'
) -%}
with

source as (
    select * from {{ raw_relation('crm', 'leads') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('crm', 'leads',
            lower=['channel', 'source', 'status', 'disqualified_reason']) }}
    from source
),

row_checked as (
    select
        *,
        {#- converted_at is not used by the KPIs: a bad one is dropped, never a rejection. -#}
        {{ first_reason(contract_rules('crm', 'leads', values_only=['converted_at']) + [
            enumeration_rule('crm', 'leads', 'channel'),
            enumeration_rule('crm', 'leads', 'status'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('crm', 'leads'), 'created_at') }} as key_rank
    from row_checked
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(contract_key('crm', 'leads')) }} as record_key,
        key_ranked.lead_id,
        key_ranked.created_at,
        key_ranked.channel,
        key_ranked.source,
        key_ranked.owner_id,
        key_ranked.status,
        key_ranked.disqualified_reason,
        case
            when not {{ converted_at_dropped }} then key_ranked.converted_at
        end as converted_at,
        key_ranked.account_id,
        key_ranked.company_name,
        key_ranked.contact_email_hash,
        key_ranked.is_deleted,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason,
        case when {{ converted_at_dropped }} then 1 else 0 end as values_dropped
    from key_ranked
)

select * from final
