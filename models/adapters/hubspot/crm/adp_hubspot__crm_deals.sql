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
    - product_id: the product of the deal's line item with the largest amount (ties: the
      smallest product id; main_line_item_products, the rule Salesforce uses). A line item's
      deal: line_item_deal, else its own deal_id column; its product: product_id, else
      property_hs_product_id; its amount: property_amount, else property_price x
      property_quantity (1 when empty). Deleted line items count for nothing; without line
      items product_id is null. -#}
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

line_items as (
    select * from {{ ref('base_hubspot__line_item') }}
),

line_item_deals as (
    select * from {{ ref('base_hubspot__line_item_deal') }}
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

line_item_links as (
    select
        trim(line_item_id) as line_item_id,
        min(trim(deal_id)) as deal_id
    from line_item_deals
    group by trim(line_item_id)
),

deal_line_items as (
    select
        coalesce(line_item_links.deal_id, {{ nullif_blank('line_items.deal_id') }}) as deal_id,
        coalesce({{ nullif_blank('line_items.product_id') }}, {{ nullif_blank('line_items.property_hs_product_id') }})
            as product_id,
        coalesce(
            {{ parse_decimal('line_items.property_amount') }},
            {{ parse_decimal('line_items.property_price') }}
            * coalesce({{ parse_decimal('line_items.property_quantity') }}, 1)
        ) as amount
    from line_items
    left join line_item_links
        on trim(line_items.id) = line_item_links.line_item_id
    where
        not coalesce({{ parse_boolean('line_items.is_deleted') }}, false)
        and not coalesce({{ parse_boolean('line_items._fivetran_deleted') }}, false)
),

main_products as (
    {{ main_line_item_products('deal_line_items', 'deal_id', 'product_id', 'amount') }}
),

final as (
    select
        deals.deal_id,
        first_companies.company_id as account_id,
        first_contacts.contact_id as lead_id,
        deals.owner_id,
        {{ mapped_text('deals.property_dealtype', setting('hubspot_deal_types'), when_empty='new_business') }}
            as deal_type,
        main_products.product_id,
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
    left join main_products
        on trim(deals.deal_id) = main_products.deal_id
)

select * from final
