{#- amoCRM leads -> crm__deals: amoCRM's "leads" are deals (its leads are the contacts, see
    adp_amocrm__crm_leads). One row per landed lead.
    - stage: the status_id (stage ids are amoCRM's; names are in adp_amocrm__crm_pipeline_stages).
    - closed_at: closed_at (unix seconds) when the status is 142 (won) or 143 (lost); amoCRM
      keeps no expected close date (closest_task_at is a task, not a close date): null.
    - currency: the setting amocrm_currency (amoCRM prices carry none).
    - lead_id: the deal's main contact (one lead per contact); when amocrm__unsorted was
      landed (the leads are then the incoming requests, adp_amocrm__crm_unsorted_leads): the
      uid of the request that became the deal (its lead_id; the earliest request when several
      name it), else null (a deal a rep made without a request). account_id: its company.
    - lost_reason: the name of loss_reason_id (amocrm__loss_reasons) lower-cased with
      underscores; an id without a name passes through as it is.
    - deal_type: amoCRM has no deal type: new_business. No products (product_id null). -#}
{%- set leads_are_requests = execute and locate_landed_table('amocrm', 'unsorted') is not none -%}
with

deals as (
    select * from {{ ref('base_amocrm__leads') }}
),

requests as (
    select * from {{ ref('base_amocrm__unsorted') }}
),

deal_requests as (
    select
        trim(lead_id) as deal_id,
        trim(uid) as request_uid,
        row_number() over (
            partition by trim(lead_id)
            order by {{ parse_timestamp(landed_timestamp('created_at')) }}, trim(uid)
        ) as request_rank
    from requests
    where {{ nullif_blank('lead_id') }} is not null
),

first_requests as (
    select
        deal_id,
        request_uid
    from deal_requests
    where request_rank = 1
),

loss_reasons as (
    select * from {{ ref('base_amocrm__loss_reasons') }}
),

reason_names as (
    select
        trim(id) as loss_reason_id,
        max(name) as reason_name
    from loss_reasons
    group by trim(id)
),

final as (
    select
        deals.id as deal_id,
        {{ nullif_blank('trim(deals.company_id)') }} as account_id,
        coalesce(
            first_requests.request_uid,
            {{ 'null' if leads_are_requests else nullif_blank('trim(deals.contact_id)') }}
        ) as lead_id,
        deals.responsible_user_id as owner_id,
        'new_business' as deal_type,
        cast(null as {{ dbt.type_string() }}) as product_id,
        trim(deals.status_id) as stage,
        deals.price as amount,
        {{ sql_string(setting('amocrm_currency')) }} as currency,
        {{ landed_timestamp('deals.created_at') }} as created_at,
        cast(null as {{ dbt.type_string() }}) as expected_close_on,
        case
            when trim(deals.status_id) in ({{ sql_string_list(amocrm_closed_statuses().keys() | list) }})
                then {{ landed_timestamp('deals.closed_at') }}
        end as closed_at,
        case
            when {{ nullif_blank('deals.loss_reason_id') }} is null or trim(deals.loss_reason_id) = '0' then null
            else coalesce(replace(lower(trim(reason_names.reason_name)), ' ', '_'), trim(deals.loss_reason_id))
        end as lost_reason,
        coalesce({{ nullif_blank('deals.is_deleted') }}, 'false') as is_deleted,
        deals._row_number
    from deals
    left join reason_names
        on trim(deals.loss_reason_id) = reason_names.loss_reason_id
    left join first_requests
        on trim(deals.id) = first_requests.deal_id
)

select * from final
