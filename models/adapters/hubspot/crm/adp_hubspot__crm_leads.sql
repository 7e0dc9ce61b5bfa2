{#- HubSpot contacts -> crm__leads: every contact is a lead.
    - source: property_hs_analytics_source through hubspot_analytics_sources() (ORGANIC_SEARCH ->
      organic_search, DIRECT_TRAFFIC -> website, OFFLINE -> offline, ...), lower-cased; a source
      HubSpot adds later passes through lower-cased.
    - channel: the source through the setting hubspot_source_channels (default: offline is
      outbound, every other source inbound); an unmapped or empty source passes through and is
      rejected in staging.
    - status: lifecycle stage customer -> converted; hs_lead_status UNQUALIFIED -> disqualified
      (reason: hs_lead_disqualification_reason when landed), NEW on a not yet qualified contact
      -> new; otherwise the lifecycle stage through hubspot_lifecycle_statuses() (an unmapped
      stage passes through and is rejected).
    - converted_at: hs_lifecyclestage_customer_date of a customer.
    - company_name: the contact's company property, else its associated company's name, else
      '(no company)' (a contact without a company is still a lead).
    - is_deleted: is_deleted, else Fivetran's _fivetran_deleted, else false. -#}
with

contacts as (
    select * from {{ ref('base_hubspot__contact') }}
),

companies as (
    select * from {{ ref('base_hubspot__company') }}
),

company_names as (
    select
        trim(id) as company_id,
        max(property_name) as company_name
    from companies
    group by trim(id)
),

sourced as (
    select
        contacts.*,
        lower(trim({{ mapped_text('contacts.property_hs_analytics_source', hubspot_analytics_sources()) }}))
            as lead_source,
        lower(trim(contacts.property_lifecyclestage)) as lifecycle_stage,
        upper(trim(contacts.property_hs_lead_status)) as lead_status
    from contacts
),

statused as (
    select
        *,
        case
            when lifecycle_stage = 'customer' then 'converted'
            when lead_status = 'UNQUALIFIED' then 'disqualified'
            when
                lead_status = 'NEW'
                and coalesce(lifecycle_stage, 'lead') in ('subscriber', 'lead', 'marketingqualifiedlead')
                then 'new'
            else {{ mapped_text('property_lifecyclestage', hubspot_lifecycle_statuses()) }}
        end as lead_status_mapped
    from sourced
),

final as (
    select
        statused.id as lead_id,
        statused.property_createdate as created_at,
        {{ mapped_text('statused.lead_source', setting('hubspot_source_channels')) }} as channel,
        statused.lead_source as source,
        statused.property_hubspot_owner_id as owner_id,
        statused.lead_status_mapped as status,
        case
            when statused.lead_status_mapped = 'disqualified'
                then replace(lower(trim(statused.property_hs_lead_disqualification_reason)), ' ', '_')
        end as disqualified_reason,
        case
            when statused.lead_status_mapped = 'converted' then statused.property_hs_lifecyclestage_customer_date
        end as converted_at,
        statused.property_associatedcompanyid as account_id,
        coalesce(
            {{ nullif_blank('statused.property_company') }},
            company_names.company_name,
            '(no company)'
        ) as company_name,
        statused.property_email as contact_email,
        statused.property_phone as contact_phone,
        coalesce(
            {{ nullif_blank('statused.is_deleted') }},
            {{ nullif_blank('statused._fivetran_deleted') }},
            'false'
        ) as is_deleted,
        statused._row_number
    from statused
    left join company_names
        on trim(statused.property_associatedcompanyid) = company_names.company_id
)

select * from final
