{#- Bitrix24 telephony (voximplant.statistic.get) -> telephony__calls, one row per landed call.
    - direction: CALL_TYPE through bitrix24_call_directions() (1 outbound, 2 inbound, 3 inbound
      with redirect, 4 callback: outbound); another value passes through and is rejected.
    - status: CALL_FAILED_CODE through bitrix24_call_statuses() (200 answered; 304 missed,
      480, 603: no_answer; 486 busy); any other number is failed; a code that is not a number
      passes through and is rejected.
    - talk_seconds: CALL_DURATION when answered, else 0; started_at: CALL_START_DATE.
    - links by CRM_ENTITY_TYPE: LEAD -> lead_id, DEAL -> deal_id, COMPANY -> account_id
      (CONTACT links nothing in the contract).
    - No wait time in Bitrix24 (null: speed of answer is not available). -#}
with

calls as (
    select
        *,
        case
            {%- for code, status in bitrix24_call_statuses().items() %}
            when trim(call_failed_code) = {{ sql_string(code) }} then {{ sql_string(status) }}
            {%- endfor %}
            when {{ regexp_full_match('trim(call_failed_code)', '[0-9]+') }} then 'failed'
            else call_failed_code
        end as contract_status,
        upper(trim(crm_entity_type)) as linked_type
    from {{ ref('base_bitrix24__calls') }}
),

final as (
    select
        call_id,
        call_start_date as started_at,
        {{ mapped_text('call_type', bitrix24_call_directions()) }} as direction,
        contract_status as status,
        portal_user_id as user_id,
        case when linked_type = 'LEAD' then {{ bitrix24_link('crm_entity_id') }} end as lead_id,
        case when linked_type = 'DEAL' then {{ bitrix24_link('crm_entity_id') }} end as deal_id,
        case when linked_type = 'COMPANY' then {{ bitrix24_link('crm_entity_id') }} end as account_id,
        cast(null as {{ dbt.type_string() }}) as wait_seconds,
        case
            when {{ parse_decimal('call_duration') }} is null and {{ nullif_blank('call_duration') }} is not null
                then call_duration
            when contract_status = 'answered' then trim(call_duration)
            else '0'
        end as talk_seconds,
        coalesce({{ nullif_blank('phone_number') }}, 'unknown') as phone_number,
        _row_number
    from calls
)

select * from final
