{#- HubSpot deals -> crm__deals, one row per deal.
    - stage: deal_pipeline_stage_id (the stage's id, as in adp_hubspot__crm_pipeline_stages).
    - deal_type: property_dealtype through the setting hubspot_deal_types (newbusiness ->
      new_business, existingbusiness -> upsell); empty -> new_business; an unmapped type passes
      through and is rejected in staging.
    - currency: property_deal_currency_code, else the setting hubspot_currency.
    - closed_at: property_closedate when the deal's stage is closed; expected_close_on: its
      date while the stage is open (HubSpot keeps the expected close date in the same property).
    - account_id / lead_id: the deal's associated company / contact (the first by id when
      there are several: one row per deal).
    - lost_reason: property_closed_lost_reason lower-cased with underscores.
    HubSpot has no product on the deal: product_id is null (products come from Stripe). -#}
with

deals as (
    select * from {{ ref('base_hubspot__deal') }}
),

stages as (
    select * from {{ ref('adp_hubspot__crm_pipeline_stages') }}
),

deal_companies as (
    select * from {{ ref('base_hubspot__deal_company') }}
),

deal_contacts as (
    select * from {{ ref('base_hubspot__deal_contact') }}
),

closed_stages as (
    select
        trim(stage) as stage_id,
        max(case when is_closed = 'true' then 1 else 0 end) as is_closed
    from stages
    group by trim(stage)
),

first_companies as (
    select
        trim(deal_id) as deal_id,
        min(trim(company_id)) as company_id
    from deal_companies
    group by trim(deal_id)
),

first_contacts as (
    select
        trim(deal_id) as deal_id,
        min(trim(contact_id)) as contact_id
    from deal_contacts
    group by trim(deal_id)
),

final as (
    select
        deals.deal_id,
        first_companies.company_id as account_id,
        first_contacts.contact_id as lead_id,
        deals.owner_id,
        {{ mapped_text('deals.property_dealtype', setting('hubspot_deal_types'), when_empty='new_business') }}
            as deal_type,
        cast(null as {{ dbt.type_string() }}) as product_id,
        deals.deal_pipeline_stage_id as stage,
        deals.property_amount as amount,
        coalesce({{ nullif_blank('deals.property_deal_currency_code') }}, '{{ setting("hubspot_currency") }}')
            as currency,
        deals.property_createdate as created_at,
        case
            when coalesce(closed_stages.is_closed, 0) = 0 then {{ landed_date('deals.property_closedate') }}
        end as expected_close_on,
        case
            when closed_stages.is_closed = 1 then deals.property_closedate
        end as closed_at,
        replace(lower(trim(deals.property_closed_lost_reason)), ' ', '_') as lost_reason,
        deals.is_deleted,
        deals._row_number
    from deals
    left join closed_stages
        on trim(deals.deal_pipeline_stage_id) = closed_stages.stage_id
    left join first_companies
        on trim(deals.deal_id) = first_companies.deal_id
    left join first_contacts
        on trim(deals.deal_id) = first_contacts.deal_id
)

select * from final
