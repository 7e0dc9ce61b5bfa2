{#- amoCRM incoming requests ("Неразобранное", GET /api/v4/leads/unsorted, one flat row per
    request) -> crm__leads, used instead of adp_amocrm__crm_leads when amocrm__unsorted was
    landed. One row per landed request; lead_id is the request's uid.
    - created_at: the request's created_at (unix seconds).
    - status, from the deal (amoCRM lead) the request carries in lead_id:
      a deal of the export that is not deleted -> converted (the request was accepted and
      became that deal; converted_at = the deal's created_at); a deleted deal -> disqualified,
      reason 'declined' (declining a request deletes its deal); no deal (lead_id empty, or a
      deal not in the export) -> new (still waiting in the unsorted stage).
    - source: the request's category lower-cased (sip, forms, chats, mail; 'unknown' when
      empty); channel: source_name through amocrm_source_channels, default inbound (a request
      is someone coming to us).
    - owner / account: the request's responsible_user_id / company_id, else its deal's, else
      its contact's; company_name: the account's name, '(no company)' without one. -#}
with

requests as (
    select * from {{ ref('base_amocrm__unsorted') }}
),

deals as (
    select * from {{ ref('base_amocrm__leads') }}
),

contacts as (
    select * from {{ ref('base_amocrm__contacts') }}
),

companies as (
    select * from {{ ref('base_amocrm__companies') }}
),

deal_facts as (
    select
        trim(id) as deal_id,
        min(responsible_user_id) as owner_id,
        min({{ nullif_blank('trim(company_id)') }}) as account_id,
        min({{ landed_timestamp('created_at') }}) as created_at,
        max(case when {{ parse_boolean('is_deleted') }} then 1 else 0 end) as is_deleted
    from deals
    group by trim(id)
),

contact_facts as (
    select
        trim(id) as contact_id,
        min(responsible_user_id) as owner_id,
        min({{ nullif_blank('trim(company_id)') }}) as account_id
    from contacts
    group by trim(id)
),

company_names as (
    select
        trim(id) as account_id,
        max(name) as account_name
    from companies
    group by trim(id)
),

requests_with_deals as (
    select
        requests.*,
        deal_facts.deal_id as found_deal_id,
        deal_facts.created_at as deal_created_at,
        deal_facts.is_deleted as deal_is_deleted,
        coalesce(
            {{ nullif_blank('requests.responsible_user_id') }},
            {{ nullif_blank('deal_facts.owner_id') }},
            {{ nullif_blank('contact_facts.owner_id') }}
        ) as lead_owner_id,
        coalesce(
            {{ nullif_blank('trim(requests.company_id)') }}, deal_facts.account_id, contact_facts.account_id
        ) as lead_account_id
    from requests
    left join deal_facts
        on trim(requests.lead_id) = deal_facts.deal_id
    left join contact_facts
        on trim(requests.contact_id) = contact_facts.contact_id
),

final as (
    select
        trim(requests_with_deals.uid) as lead_id,
        {{ landed_timestamp('requests_with_deals.created_at') }} as created_at,
        {{ mapped_text_or_default('requests_with_deals.source_name', setting('amocrm_source_channels'), 'inbound') }}
            as channel,
        coalesce(lower(trim({{ nullif_blank('requests_with_deals.category') }})), 'unknown') as source,
        requests_with_deals.lead_owner_id as owner_id,
        case
            when requests_with_deals.found_deal_id is null then 'new'
            when requests_with_deals.deal_is_deleted = 1 then 'disqualified'
            else 'converted'
        end as status,
        case
            when requests_with_deals.deal_is_deleted = 1 then 'declined'
        end as disqualified_reason,
        case
            when requests_with_deals.deal_is_deleted = 0 then requests_with_deals.deal_created_at
        end as converted_at,
        requests_with_deals.lead_account_id as account_id,
        coalesce(company_names.account_name, '(no company)') as company_name,
        cast(null as {{ dbt.type_string() }}) as contact_email,
        cast(null as {{ dbt.type_string() }}) as contact_phone,
        'false' as is_deleted,
        requests_with_deals._row_number
    from requests_with_deals
    left join company_names
        on requests_with_deals.lead_account_id = company_names.account_id
)

select * from final
