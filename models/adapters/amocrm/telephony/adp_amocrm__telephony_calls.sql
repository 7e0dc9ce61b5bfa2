{#- amoCRM call notes -> telephony__calls, one row per note of type call_in / call_out (other
    notes are text, tasks, e-mails: not calls).
    - direction: call_in inbound, call_out outbound; started_at: created_at (unix seconds).
    - status: params.call_status through amocrm_call_statuses() (4 answered; 1 voicemail;
      2, 3, 6 no answer; 5 failed; 7 busy); without a status, answered when the duration is
      over 0, else no_answer; an unknown code passes through and is rejected in staging.
    - talk_seconds: the duration when answered, else 0 (a duration that is not a number passes
      through and is rejected).
    - links by entity_type: leads -> deal_id (amoCRM leads are deals), contacts -> lead_id
      (a contact is a lead), companies -> account_id.
    - No wait time in amoCRM (null); phone_number: the note's phone, else 'unknown'. -#}
with

notes as (
    select * from {{ ref('base_amocrm__notes') }}
),

calls as (
    select
        *,
        case
            {%- for code, status in amocrm_call_statuses().items() %}
            when trim(call_status) = {{ sql_string(code) }} then {{ sql_string(status) }}
            {%- endfor %}
            when {{ nullif_blank('call_status') }} is not null then call_status
            when {{ parse_decimal('duration') }} > 0 then 'answered'
            else 'no_answer'
        end as contract_status,
        lower(trim(entity_type)) as linked_type
    from notes
    where lower(trim(note_type)) in ({{ sql_string_list(amocrm_call_note_types().keys() | list) }})
),

final as (
    select
        id as call_id,
        {{ landed_timestamp('created_at') }} as started_at,
        {{ mapped_text('note_type', amocrm_call_note_types()) }} as direction,
        contract_status as status,
        responsible_user_id as user_id,
        case when linked_type in ('contacts', 'contact') then trim(entity_id) end as lead_id,
        case when linked_type in ('leads', 'lead') then trim(entity_id) end as deal_id,
        case when linked_type in ('companies', 'company') then trim(entity_id) end as account_id,
        cast(null as {{ dbt.type_string() }}) as wait_seconds,
        case
            when {{ parse_decimal('duration') }} is null and {{ nullif_blank('duration') }} is not null
                then duration
            when contract_status = 'answered' then trim(duration)
            else '0'
        end as talk_seconds,
        coalesce({{ nullif_blank('phone') }}, 'unknown') as phone_number,
        _row_number
    from calls
)

select * from final
