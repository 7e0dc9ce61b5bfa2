{#- The lead each CRM account came from: its earliest converted lead (leads.account_id = the
    account the lead became), and that lead's channel and source. "Converted" is the funnel's
    conversion (int_lead_outcomes), not the CRM's converted_at flag: a won deal with the lead's
    lead_id, or a won new-business deal of the account, closed on or after the lead's
    created_at and by the end of as_of_date; deleted deals never count. Earliest = first
    conversion (the first such deal's closed_at), then created_at, then lead_id. One row per
    account; the acquisition columns are null when no (undeleted) linked lead converted: what
    to call that ("unattributed") is the user's decision. Conversion is recomputed here from
    staging, not read from int_lead_outcomes, because int_deals_enriched (which
    int_lead_outcomes reads) reads this model for the channel of deals without a lead. -#}
with

leads as (
    select * from {{ ref('linked_crm__leads') }}
),

accounts as (
    select * from {{ ref('linked_crm__accounts') }}
),

deals as (
    select * from {{ ref('linked_crm__deals') }}
),

stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

linked_leads as (
    select
        lead_id,
        account_id,
        channel,
        source,
        created_at
    from leads
    where
        account_id is not null
        and not is_deleted
),

won_deals as (
    select
        deals.deal_id,
        deals.lead_id,
        deals.account_id,
        deals.deal_type,
        deals.closed_at
    from deals
    inner join stages
        on deals.stage = stages.stage
    cross join period
    where
        not deals.is_deleted
        and stages.is_closed
        and stages.is_won
        and {{ local_date('deals.closed_at') }} <= period.as_of_date
),

{# Every won deal a linked lead converts through: its own, or a new-business deal of its
    account, closed on or after the lead's creation. -#}
lead_conversions as (
    select
        linked_leads.lead_id,
        won_deals.closed_at
    from linked_leads
    inner join won_deals
        on linked_leads.lead_id = won_deals.lead_id
    where won_deals.closed_at >= linked_leads.created_at
    union all
    select
        linked_leads.lead_id,
        won_deals.closed_at
    from linked_leads
    inner join won_deals
        on
        linked_leads.account_id = won_deals.account_id
        and won_deals.deal_type = 'new_business'
    where won_deals.closed_at >= linked_leads.created_at
),

first_conversions as (
    select
        lead_id,
        min(closed_at) as converted_at
    from lead_conversions
    group by lead_id
),

ranked as (
    select
        linked_leads.lead_id,
        linked_leads.account_id,
        linked_leads.channel,
        linked_leads.source,
        first_conversions.converted_at,
        row_number() over (
            partition by linked_leads.account_id
            order by
                first_conversions.converted_at,
                linked_leads.created_at,
                linked_leads.lead_id
        ) as lead_rank
    from linked_leads
    inner join first_conversions
        on linked_leads.lead_id = first_conversions.lead_id
),

final as (
    select
        accounts.account_id,
        ranked.lead_id as acquisition_lead_id,
        ranked.channel as acquisition_channel,
        ranked.source as acquisition_source,
        ranked.converted_at as acquisition_converted_at
    from accounts
    left join ranked
        on
        accounts.account_id = ranked.account_id
        and ranked.lead_rank = 1
)

select * from final
