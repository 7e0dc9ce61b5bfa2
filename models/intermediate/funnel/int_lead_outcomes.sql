{#- Every staged lead (deleted and invalid ones flagged, not dropped) with its cohort and
    what became of it: qualified, a deal, a won deal (conversion) and when. A lead converts
    through a won deal with its lead_id, or a won new-business deal of the account the lead
    became, closed on or after the lead's creation; deleted deals never count. -#}
{%- set invalid_reasons = setting('invalid_lead_reasons') -%}
{%- set window_days = setting('conversion_window_days') -%}
{%- set invalid_list = sql_string_list(invalid_reasons) -%}
with

leads as (
    select * from {{ ref('linked_crm__leads') }}
),

deals as (
    select * from {{ ref('int_deals_enriched') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

live_deals as (
    select * from deals
    where not is_deleted
),

{# Every (lead, deal) link: the lead's own deals, and the new-business deals of the account
    the lead became. -#}
lead_deals as (
    select
        leads.lead_id,
        live_deals.deal_id,
        live_deals.created_at as deal_created_at,
        live_deals.closed_at,
        live_deals.closed_date,
        live_deals.is_won
    from leads
    inner join live_deals
        on leads.lead_id = live_deals.lead_id
    union
    select
        leads.lead_id,
        live_deals.deal_id,
        live_deals.created_at as deal_created_at,
        live_deals.closed_at,
        live_deals.closed_date,
        live_deals.is_won
    from leads
    inner join live_deals
        on
        leads.account_id = live_deals.account_id
        and live_deals.deal_type = 'new_business'
),

lead_deals_dated as (
    select
        lead_deals.*,
        leads.created_at as lead_created_at
    from lead_deals
    inner join leads
        on lead_deals.lead_id = leads.lead_id
),

{# Won on or after the lead was created, and by the end of as_of_date. -#}
conversions as (
    select
        lead_deals_dated.lead_id,
        lead_deals_dated.deal_id,
        lead_deals_dated.closed_at,
        row_number() over (
            partition by lead_deals_dated.lead_id
            order by lead_deals_dated.closed_at, lead_deals_dated.deal_id
        ) as conversion_rank
    from lead_deals_dated
    cross join period
    where
        lead_deals_dated.is_won
        and lead_deals_dated.closed_at >= lead_deals_dated.lead_created_at
        and lead_deals_dated.closed_date <= period.as_of_date
),

{# The lead's first deal: its own deals, and account deals created on or after the lead's
    creation (has_deal below also counts the converting deal). -#}
first_deals as (
    select
        lead_deals_dated.lead_id,
        lead_deals_dated.deal_id,
        lead_deals_dated.deal_created_at,
        row_number() over (
            partition by lead_deals_dated.lead_id
            order by lead_deals_dated.deal_created_at, lead_deals_dated.deal_id
        ) as deal_rank
    from lead_deals_dated
    left join live_deals
        on lead_deals_dated.deal_id = live_deals.deal_id
    cross join period
    where
        {{ local_date('lead_deals_dated.deal_created_at') }} <= period.as_of_date
        and (
            live_deals.lead_id = lead_deals_dated.lead_id
            or lead_deals_dated.deal_created_at >= lead_deals_dated.lead_created_at
        )
),

outcomes as (
    select
        leads.lead_id,
        leads.owner_id,
        leads.account_id,
        leads.channel,
        leads.source,
        leads.status,
        leads.disqualified_reason,
        leads.is_deleted,
        leads.created_at,
        {{ local_date('leads.created_at') }} as created_date,
        {{ local_month('leads.created_at') }} as cohort_month,
        first_deals.deal_id as first_deal_id,
        first_deals.deal_created_at as first_deal_created_at,
        conversions.deal_id as conversion_deal_id,
        conversions.closed_at as converted_at,
        {{ local_date('conversions.closed_at') }} as converted_date,
        case
            when leads.is_deleted then 'deleted'
            when leads.disqualified_reason in ({{ invalid_list }}) then 'invalid_reason'
        end as exclusion_reason
    from leads
    left join first_deals
        on
        leads.lead_id = first_deals.lead_id
        and first_deals.deal_rank = 1
    left join conversions
        on
        leads.lead_id = conversions.lead_id
        and conversions.conversion_rank = 1
),

measured as (
    select
        *,
        case
            when converted_date is not null then {{ days_between('created_date', 'converted_date') }}
        end as days_to_convert
    from outcomes
),

final as (
    select
        lead_id,
        owner_id,
        account_id,
        channel,
        source,
        status,
        disqualified_reason,
        exclusion_reason,
        first_deal_id,
        conversion_deal_id,
        days_to_convert,
        is_deleted,
        exclusion_reason is not null as is_excluded,
        exclusion_reason is null as is_valid,
        (
            status in ('qualified', 'converted')
            or first_deal_id is not null
            or converted_at is not null
        ) as is_qualified,
        first_deal_id is not null or converted_at is not null as has_deal,
        converted_at is not null as is_converted,
        coalesce(days_to_convert <= {{ window_days }}, false) as is_converted_in_window,
        created_at,
        first_deal_created_at,
        converted_at,
        created_date,
        converted_date,
        cohort_month
    from measured
)

select * from final
