{#- Bitrix24 leads (crm.lead.list) -> crm__leads, one row per landed lead.
    - status from STATUS_SEMANTIC_ID: S converted, F disqualified (the reason: STATUS_ID
      lower-cased, e.g. junk); in progress: new when STATUS_ID is NEW, else working.
    - converted_at (converted leads): DATE_CLOSED when landed, else the creation of the first
      deal made from the lead (LEAD_ID).
    - channel: SOURCE_ID through the setting bitrix24_source_channels; a source not in it (or
      none) is inbound. source: SOURCE_ID lower-cased ('unknown' when empty).
    - account: COMPANY_ID ('0' is none), else the company of the lead's first deal;
      company_name: COMPANY_TITLE, else the company's TITLE, else '(no company)'.
    Contact e-mail and phone are multi-fields in Bitrix24, not read (null). -#}
with

leads as (
    select * from {{ ref('base_bitrix24__leads') }}
),

deals as (
    select * from {{ ref('base_bitrix24__deals') }}
),

companies as (
    select * from {{ ref('base_bitrix24__companies') }}
),

company_names as (
    select
        trim(id) as account_id,
        max(title) as account_name
    from companies
    group by trim(id)
),

lead_deals as (
    select
        {{ bitrix24_link('lead_id') }} as lead_id,
        date_create,
        {{ bitrix24_link('company_id') }} as account_id,
        row_number() over (
            partition by {{ bitrix24_link('lead_id') }}
            order by {{ parse_timestamp('date_create') }}, _row_number
        ) as deal_rank
    from deals
    where {{ bitrix24_link('lead_id') }} is not null
),

first_deals as (
    select * from lead_deals
    where deal_rank = 1
),

final as (
    select
        leads.id as lead_id,
        leads.date_create as created_at,
        {{ mapped_text_or_default('leads.source_id', setting('bitrix24_source_channels'), 'inbound') }} as channel,
        coalesce(lower(trim({{ nullif_blank('leads.source_id') }})), 'unknown') as source,
        leads.assigned_by_id as owner_id,
        case
            when upper(trim(leads.status_semantic_id)) = 'S' then 'converted'
            when upper(trim(leads.status_semantic_id)) = 'F' then 'disqualified'
            when upper(trim(leads.status_id)) = 'NEW' then 'new'
            else 'working'
        end as status,
        case when upper(trim(leads.status_semantic_id)) = 'F' then lower(trim(leads.status_id)) end
            as disqualified_reason,
        case
            when upper(trim(leads.status_semantic_id)) = 'S'
                then coalesce({{ nullif_blank('leads.date_closed') }}, first_deals.date_create)
        end as converted_at,
        coalesce({{ bitrix24_link('leads.company_id') }}, first_deals.account_id) as account_id,
        coalesce(
            {{ nullif_blank('leads.company_title') }},
            company_names.account_name,
            '(no company)'
        ) as company_name,
        cast(null as {{ dbt.type_string() }}) as contact_email,
        cast(null as {{ dbt.type_string() }}) as contact_phone,
        'false' as is_deleted,
        leads._row_number
    from leads
    left join first_deals
        on trim(leads.id) = first_deals.lead_id
    left join company_names
        on coalesce({{ bitrix24_link('leads.company_id') }}, first_deals.account_id) = company_names.account_id
)

select * from final
