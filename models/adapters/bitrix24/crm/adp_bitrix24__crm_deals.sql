{#- Bitrix24 deals (crm.deal.list) -> crm__deals, one row per landed deal.
    - stage: STAGE_ID (a category's stages carry its prefix, C1:NEW); won / lost come from the
      stage's SEMANTICS in adp_bitrix24__crm_pipeline_stages.
    - closed_at: CLOSEDATE when CLOSED is Y; CLOSEDATE is often a bare date (midnight): on the
      day the deal was created and before its creation time, it reads as the creation time.
      expected_close_on: CLOSEDATE's date while open.
    - amount: OPPORTUNITY in CURRENCY_ID (converted with the billing__fx_rates file beside
      the exports, as every contract amount is).
    - deal_type: TYPE_ID through the setting bitrix24_deal_types (empty: new_business; a
      contract deal type passes through, any other value is rejected in staging).
    - COMPANY_ID / LEAD_ID '0' is Bitrix24's "none". No lost reason, no products (null). -#}
with

deals as (
    select * from {{ ref('base_bitrix24__deals') }}
),

final as (
    select
        id as deal_id,
        {{ bitrix24_link('company_id') }} as account_id,
        {{ bitrix24_link('lead_id') }} as lead_id,
        assigned_by_id as owner_id,
        {{ mapped_text('type_id', setting('bitrix24_deal_types'), when_empty='new_business') }} as deal_type,
        cast(null as {{ dbt.type_string() }}) as product_id,
        trim(stage_id) as stage,
        opportunity as amount,
        upper(trim(currency_id)) as currency,
        date_create as created_at,
        case
            when not coalesce({{ parse_boolean(bitrix24_flag('closed')) }}, false)
                then {{ landed_date('closedate') }}
        end as expected_close_on,
        case
            when not coalesce({{ parse_boolean(bitrix24_flag('closed')) }}, false) then null
            when
                {{ parse_timestamp('closedate') }} < {{ parse_timestamp('date_create') }}
                and {{ landed_date('closedate') }} = {{ landed_date('date_create') }}
                then date_create
            else closedate
        end as closed_at,
        cast(null as {{ dbt.type_string() }}) as lost_reason,
        'false' as is_deleted,
        _row_number
    from deals
)

select * from final
