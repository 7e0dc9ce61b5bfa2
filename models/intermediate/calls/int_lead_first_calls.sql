{#- One row per valid lead created up to as_of_date: the first outbound call attempt linked
    to it and the minutes from the lead's creation to that call (speed to lead). -#}
{%- set invalid_reasons = setting('invalid_lead_reasons') -%}
{%- if invalid_reasons | length > 0 -%}
{%- set invalid_reason_check = "coalesce(leads.disqualified_reason in (" ~ sql_string_list(invalid_reasons) ~ "), false)" -%}
{%- else -%}
{%- set invalid_reason_check = 'false' -%}
{%- endif -%}
{%- set seconds_to_first_call = dbt.datediff('valid_leads.created_at', 'first_attempts.started_at', 'second') -%}
with

leads as (
    select * from {{ ref('linked_crm__leads') }}
),

calls as (
    select * from {{ ref('int_calls_enriched') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

valid_leads as (
    select
        leads.lead_id,
        leads.owner_id,
        leads.channel,
        leads.created_at,
        {{ local_month('leads.created_at') }} as cohort_month
    from leads
    cross join period
    where
        not leads.is_deleted
        and not {{ invalid_reason_check }}
        and {{ local_date('leads.created_at') }} <= period.as_of_date
),

outbound_attempts as (
    select
        call_id,
        lead_id,
        started_at,
        row_number() over (
            partition by lead_id
            order by started_at, call_id
        ) as attempt_number
    from calls
    where direction = 'outbound'
        and lead_id is not null
),

first_attempts as (
    select
        lead_id,
        call_id,
        started_at
    from outbound_attempts
    where attempt_number = 1
),

joined as (
    select
        valid_leads.lead_id,
        valid_leads.owner_id,
        valid_leads.channel,
        valid_leads.cohort_month,
        first_attempts.call_id as first_call_id,
        valid_leads.created_at,
        first_attempts.started_at as first_call_at,
        {{ seconds_to_first_call }} as seconds_to_first_call
    from valid_leads
    left join first_attempts
        on valid_leads.lead_id = first_attempts.lead_id
),

final as (
    select
        lead_id,
        owner_id,
        channel,
        cohort_month,
        first_call_id,
        {#- A call logged before the lead was created in the CRM counts as an immediate
            response (0 minutes), never as a negative time. -#}
        case
            when first_call_id is null then null
            when seconds_to_first_call < 0 then cast(0 as {{ type_double() }})
            else cast(seconds_to_first_call as {{ type_double() }}) / 60
        end as minutes_to_first_call,
        first_call_id is not null as is_called,
        coalesce(seconds_to_first_call <= 5 * 60, false) as is_called_within_5_min,
        coalesce(seconds_to_first_call <= 60 * 60, false) as is_called_within_60_min,
        coalesce(seconds_to_first_call < 0, false) as is_called_before_created,
        created_at,
        first_call_at
    from joined
)

select * from final
