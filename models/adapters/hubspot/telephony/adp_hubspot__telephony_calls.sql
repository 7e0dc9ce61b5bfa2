{#- HubSpot call engagements -> telephony__calls, one row per engagement_call row.
    - started_at / user_id: the engagement's timestamp and owner.
    - direction: hs_call_direction lower-cased (INBOUND / OUTBOUND).
    - status: the call outcome (hs_call_disposition, an outcome id) through
      hubspot_call_dispositions() when it is one of HubSpot's default outcomes; else
      hs_call_status: COMPLETED is answered when the call lasted, else no_answer; BUSY, NO_ANSWER,
      FAILED, CANCELED through hubspot_call_statuses(); other values pass through and are
      rejected in staging.
    - talk_seconds: hs_call_duration is in milliseconds: / 1000, rounded; 0 unless answered; a
      duration that is not a number passes through and is rejected.
    - lead_id / deal_id / account_id: the engagement's associated contact / deal / company (the
      first by id when there are several).
    - HubSpot records no wait time (null); phone_number: the number called (outbound) or
      calling (inbound), else 'unknown' (personal data: it never reaches a mart). -#}
with

calls as (
    select * from {{ ref('base_hubspot__engagement_call') }}
),

engagements as (
    select * from {{ ref('base_hubspot__engagement') }}
),

engagement_contacts as (
    select * from {{ ref('base_hubspot__engagement_contact') }}
),

engagement_deals as (
    select * from {{ ref('base_hubspot__engagement_deal') }}
),

engagement_companies as (
    select * from {{ ref('base_hubspot__engagement_company') }}
),

engagement_ids as (
    select
        trim(id) as engagement_id,
        occurred_at,
        owner_id,
        row_number() over (partition by trim(id) order by _row_number) as id_rank
    from engagements
),

first_contacts as (
    select
        trim(engagement_id) as engagement_id,
        min(trim(contact_id)) as contact_id
    from engagement_contacts
    group by trim(engagement_id)
),

first_deals as (
    select
        trim(engagement_id) as engagement_id,
        min(trim(deal_id)) as deal_id
    from engagement_deals
    group by trim(engagement_id)
),

first_companies as (
    select
        trim(engagement_id) as engagement_id,
        min(trim(company_id)) as company_id
    from engagement_companies
    group by trim(engagement_id)
),

outcomes as (
    select
        *,
        case
            {%- for outcome_id, outcome_status in hubspot_call_dispositions().items() %}
            when lower(trim(property_hs_call_disposition)) = '{{ outcome_id }}' then '{{ outcome_status }}'
            {%- endfor %}
        end as outcome_status
    from calls
),

statused as (
    select
        *,
        case
            when outcome_status is not null then outcome_status
            when upper(trim(property_hs_call_status)) = 'COMPLETED'
                then
                    case
                        when {{ parse_decimal('property_hs_call_duration') }} > 0 then 'answered'
                        else 'no_answer'
                    end
            else lower(trim({{ mapped_text('property_hs_call_status', hubspot_call_statuses()) }}))
        end as call_status
    from outcomes
),

final as (
    select
        statused.engagement_id as call_id,
        engagement_ids.occurred_at as started_at,
        lower(trim(statused.property_hs_call_direction)) as direction,
        statused.call_status as status,
        engagement_ids.owner_id as user_id,
        first_contacts.contact_id as lead_id,
        first_deals.deal_id,
        first_companies.company_id as account_id,
        cast(null as {{ dbt.type_string() }}) as wait_seconds,
        case
            when {{ parse_decimal('statused.property_hs_call_duration') }} is null
                and {{ nullif_blank('statused.property_hs_call_duration') }} is not null
                then statused.property_hs_call_duration
            when statused.call_status = 'answered'
                then coalesce({{ milliseconds_to_seconds('statused.property_hs_call_duration') }}, '0')
            else '0'
        end as talk_seconds,
        coalesce(
            case
                when lower(trim(statused.property_hs_call_direction)) = 'inbound'
                    then {{ nullif_blank('statused.property_hs_call_from_number') }}
                else {{ nullif_blank('statused.property_hs_call_to_number') }}
            end,
            'unknown'
        ) as phone_number,
        statused._row_number
    from statused
    left join engagement_ids
        on trim(statused.engagement_id) = engagement_ids.engagement_id
        and engagement_ids.id_rank = 1
    left join first_contacts
        on trim(statused.engagement_id) = first_contacts.engagement_id
    left join first_deals
        on trim(statused.engagement_id) = first_deals.engagement_id
    left join first_companies
        on trim(statused.engagement_id) = first_companies.engagement_id
)

select * from final
