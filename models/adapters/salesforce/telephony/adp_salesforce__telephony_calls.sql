{#- Salesforce call tasks -> telephony__calls, one row per task that is a call (task_subtype
    'Call' or a call_type set; other tasks are e-mails and to-dos, not calls).
    - direction: call_type lower-cased (Inbound / Outbound; Internal passes through and is
      rejected in staging).
    - status: from call_disposition when it names one (voicemail / left message, no answer,
      busy, failed), else answered when call_duration_in_seconds > 0, else no_answer.
    - talk_seconds: the duration when answered, else 0; a duration that is not a number passes
      through and is rejected.
    - started_at: created_date (activity_date is a date without a time).
    - who_id / what_id point at a lead, an opportunity or an account: a landed record of that
      kind, or an id with Salesforce's prefix for it (00Q, 006, 001).
    - Salesforce records no wait time (null) and no number: phone_number is the lead's phone,
      else 'unknown' (personal data: it never reaches a mart). -#}
with

tasks as (
    select * from {{ ref('base_salesforce__task') }}
),

leads as (
    select * from {{ ref('base_salesforce__lead') }}
),

calls as (
    select
        *,
        case
            when
                lower(call_disposition) like '%voicemail%' or lower(call_disposition) like '%left message%'
                then 'voicemail'
            when lower(call_disposition) like '%no answer%' then 'no_answer'
            when lower(call_disposition) like '%busy%' then 'busy'
            when lower(call_disposition) like '%failed%' then 'failed'
            when {{ parse_decimal('call_duration_in_seconds') }} > 0 then 'answered'
            else 'no_answer'
        end as call_status
    from tasks
    where
        lower(trim(task_subtype)) = 'call'
        or {{ nullif_blank('call_type') }} is not null
),

opportunities as (
    select * from {{ ref('base_salesforce__opportunity') }}
),

accounts as (
    select * from {{ ref('base_salesforce__account') }}
),

lead_phones as (
    select
        trim(id) as lead_id,
        max(phone) as phone
    from leads
    group by trim(id)
),

opportunity_ids as (
    select distinct trim(id) as deal_id from opportunities
),

account_ids as (
    select distinct trim(id) as account_id from accounts
),

final as (
    select
        calls.id as call_id,
        coalesce({{ nullif_blank('calls.created_date') }}, calls.activity_date) as started_at,
        lower(trim(calls.call_type)) as direction,
        calls.call_status as status,
        calls.owner_id as user_id,
        coalesce(lead_phones.lead_id, {{ salesforce_id_of('calls.who_id', '00Q') }}) as lead_id,
        coalesce(opportunity_ids.deal_id, {{ salesforce_id_of('calls.what_id', '006') }}) as deal_id,
        coalesce(account_ids.account_id, {{ salesforce_id_of('calls.what_id', '001') }}) as account_id,
        cast(null as {{ dbt.type_string() }}) as wait_seconds,
        case
            when {{ parse_decimal('calls.call_duration_in_seconds') }} is null
                and {{ nullif_blank('calls.call_duration_in_seconds') }} is not null
                then calls.call_duration_in_seconds
            when calls.call_status = 'answered' then trim(calls.call_duration_in_seconds)
            else '0'
        end as talk_seconds,
        coalesce({{ nullif_blank('lead_phones.phone') }}, 'unknown') as phone_number,
        calls._row_number
    from calls
    left join lead_phones
        on trim(calls.who_id) = lead_phones.lead_id
    left join opportunity_ids
        on trim(calls.what_id) = opportunity_ids.deal_id
    left join account_ids
        on trim(calls.what_id) = account_ids.account_id
)

select * from final
