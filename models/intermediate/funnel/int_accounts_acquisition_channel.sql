{#- The lead each CRM account came from: its earliest converted lead (leads.account_id),
    and that lead's channel and source. One row per account; the acquisition columns are null when no (undeleted) lead
    links to the account: what to call that ("unattributed") is the user's decision. -#}
with

leads as (
    select * from {{ ref('stg_crm__leads') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

linked_leads as (
    select
        lead_id,
        account_id,
        channel,
        source,
        created_at,
        converted_at
    from leads
    where
        account_id is not null
        and not is_deleted
),

ranked as (
    select
        linked_leads.*,
        row_number() over (
            partition by linked_leads.account_id
            order by
                case when linked_leads.converted_at is null then 1 else 0 end,
                linked_leads.converted_at,
                linked_leads.created_at,
                linked_leads.lead_id
        ) as lead_rank
    from linked_leads
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
