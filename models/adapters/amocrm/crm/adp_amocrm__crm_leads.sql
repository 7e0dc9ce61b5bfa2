{#- amoCRM has no lead entity apart from its deals: a lead is a contact (one row per landed
    contact, then one per contact id that deals name but the contacts table lacks).
    - created_at: the contact's created_at (unix seconds), else its first deal's.
    - status: converted when the contact has a deal (its first deal stands for the lead's
      conversion: converted_at = that deal's created_at), else new.
    - channel: the first deal's utm_source through the setting amocrm_source_channels; a
      source not in it (or none) is inbound. source: utm_source lower-cased with underscores,
      'unknown' when empty.
    - owner / account: the contact's, else its first deal's; company_name: the account's
      name, '(no company)' for a person without one. amoCRM's contact e-mail and phone are
      custom fields, not read: null. -#}
with

contacts as (
    select * from {{ ref('base_amocrm__contacts') }}
),

deals as (
    select * from {{ ref('base_amocrm__leads') }}
),

companies as (
    select * from {{ ref('base_amocrm__companies') }}
),

company_names as (
    select
        trim(id) as account_id,
        max(name) as account_name
    from companies
    group by trim(id)
),

contact_deals as (
    select
        trim(contact_id) as contact_id,
        responsible_user_id,
        company_id,
        utm_source,
        {{ landed_timestamp('created_at') }} as created_at,
        row_number() over (
            partition by trim(contact_id)
            order by {{ parse_timestamp(landed_timestamp('created_at')) }}, _row_number
        ) as deal_rank
    from deals
    where {{ nullif_blank('contact_id') }} is not null
),

first_deals as (
    select * from contact_deals
    where deal_rank = 1
),

landed_contacts as (
    select
        trim(id) as lead_id,
        {{ landed_timestamp('created_at') }} as created_at,
        responsible_user_id as owner_id,
        company_id as account_id,
        _row_number
    from contacts
),

last_contact_row as (
    select coalesce(max(_row_number), 0) as last_row_number
    from landed_contacts
),

contacts_only_in_deals as (
    select
        first_deals.contact_id as lead_id,
        cast(null as {{ dbt.type_string() }}) as created_at,
        cast(null as {{ dbt.type_string() }}) as owner_id,
        cast(null as {{ dbt.type_string() }}) as account_id,
        last_contact_row.last_row_number + row_number() over (order by first_deals.contact_id) as _row_number
    from first_deals
    cross join last_contact_row
    left join landed_contacts
        on first_deals.contact_id = landed_contacts.lead_id
    where landed_contacts.lead_id is null
),

all_contacts as (
    select * from landed_contacts
    union all
    select * from contacts_only_in_deals
),

contact_leads as (
    select
        all_contacts.*,
        coalesce({{ nullif_blank('all_contacts.account_id') }}, {{ nullif_blank('first_deals.company_id') }})
            as lead_account_id
    from all_contacts
    left join first_deals
        on all_contacts.lead_id = first_deals.contact_id
),

final as (
    select
        contact_leads.lead_id,
        coalesce({{ nullif_blank('contact_leads.created_at') }}, first_deals.created_at) as created_at,
        {{ mapped_text_or_default('first_deals.utm_source', setting('amocrm_source_channels'), 'inbound') }}
            as channel,
        coalesce(replace(lower(trim({{ nullif_blank('first_deals.utm_source') }})), ' ', '_'), 'unknown') as source,
        coalesce({{ nullif_blank('contact_leads.owner_id') }}, first_deals.responsible_user_id) as owner_id,
        case when first_deals.contact_id is not null then 'converted' else 'new' end as status,
        cast(null as {{ dbt.type_string() }}) as disqualified_reason,
        first_deals.created_at as converted_at,
        contact_leads.lead_account_id as account_id,
        coalesce(company_names.account_name, '(no company)') as company_name,
        cast(null as {{ dbt.type_string() }}) as contact_email,
        cast(null as {{ dbt.type_string() }}) as contact_phone,
        'false' as is_deleted,
        contact_leads._row_number
    from contact_leads
    left join first_deals
        on contact_leads.lead_id = first_deals.contact_id
    left join company_names
        on contact_leads.lead_account_id = company_names.account_id
)

select * from final
