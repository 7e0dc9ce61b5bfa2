{#- Salesforce opportunities -> crm__deals, one row per opportunity.
    - deal_type: Type through the setting salesforce_deal_types; an empty Type is new_business;
      an unmapped Type passes through and is rejected in staging.
    - currency: currency_iso_code, or the setting salesforce_currency in a single-currency org
      (which has no such column).
    - closed_at: close_date when is_closed; expected_close_on: close_date while open. close_date
      is a date: on the day the opportunity was created it reads as the creation time.
    - lead_id: the custom lead_id column when landed, else the lead converted into it.
    - product_id: the product of its line item with the largest total_price (ties: the
      smallest product id; main_line_item_products).
    - lost_reason: loss_reason lower-cased with underscores ('No Budget' -> no_budget).
    The stage's probability (0-100 in Salesforce) is divided in adp_salesforce__crm_pipeline_stages. -#}
with

opportunities as (
    select * from {{ ref('base_salesforce__opportunity') }}
),

leads as (
    select * from {{ ref('base_salesforce__lead') }}
),

line_items as (
    select * from {{ ref('base_salesforce__opportunity_line_item') }}
),

converted_leads as (
    select
        trim(converted_opportunity_id) as opportunity_id,
        min(trim(id)) as lead_id
    from leads
    where {{ nullif_blank('converted_opportunity_id') }} is not null
    group by trim(converted_opportunity_id)
),

main_products as (
    {{ main_line_item_products('line_items', 'opportunity_id', 'product_2_id', parse_decimal('total_price')) }}
),

final as (
    select
        opportunities.id as deal_id,
        opportunities.account_id,
        coalesce({{ nullif_blank('opportunities.lead_id') }}, converted_leads.lead_id) as lead_id,
        opportunities.owner_id,
        {{ mapped_text('opportunities.type', setting('salesforce_deal_types'), when_empty='new_business') }}
            as deal_type,
        main_products.product_id,
        opportunities.stage_name as stage,
        opportunities.amount,
        coalesce({{ nullif_blank('opportunities.currency_iso_code') }}, '{{ setting("salesforce_currency") }}')
            as currency,
        opportunities.created_date as created_at,
        case
            when not coalesce({{ parse_boolean('opportunities.is_closed') }}, false)
                then {{ landed_date('opportunities.close_date') }}
        end as expected_close_on,
        case
            when {{ parse_boolean('opportunities.is_closed') }}
                then {{ date_not_before_created('opportunities.close_date', 'opportunities.created_date') }}
        end as closed_at,
        replace(lower(trim(opportunities.loss_reason)), ' ', '_') as lost_reason,
        opportunities.is_deleted,
        opportunities._row_number
    from opportunities
    left join converted_leads
        on trim(opportunities.id) = converted_leads.opportunity_id
    left join main_products
        on trim(opportunities.id) = main_products.deal_id
)

select * from final
