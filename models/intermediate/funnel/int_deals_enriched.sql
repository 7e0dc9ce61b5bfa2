{#- Every staged deal (deleted ones flagged, not dropped) with its lead, channel, stage
    facts, local dates, amounts in the reporting currency and sales-cycle length. -#}
with

deals as (
    select * from {{ ref('linked_crm__deals') }}
),

leads as (
    select * from {{ ref('linked_crm__leads') }}
),

stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

account_channels as (
    select * from {{ ref('int_accounts_acquisition_channel') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

deals_joined as (
    select
        deals.deal_id,
        deals.account_id,
        deals.lead_id,
        deals.owner_id,
        deals.deal_type,
        deals.product_id,
        deals.stage,
        stages.stage_order,
        stages.probability as stage_probability,
        deals.amount,
        deals.currency,
        deals.lost_reason,
        leads.channel as lead_channel,
        leads.source as lead_source,
        account_channels.acquisition_channel as account_channel,
        coalesce(stages.is_closed, false) as is_closed,
        coalesce(stages.is_won, false) as is_won,
        deals.is_deleted,
        deals.created_at,
        deals.closed_at,
        leads.created_at as lead_created_at,
        deals.expected_close_on,
        {{ local_date('deals.created_at') }} as created_date,
        {{ local_date('deals.closed_at') }} as closed_date,
        {{ local_month('deals.closed_at') }} as close_month,
        {{ local_date('coalesce(leads.created_at, deals.created_at)') }} as cycle_start_date,
        period.as_of_date
    from deals
    left join leads
        on deals.lead_id = leads.lead_id
    left join stages
        on deals.stage = stages.stage
    left join account_channels
        on deals.account_id = account_channels.account_id
    cross join period
),

with_cycle as (
    select
        *,
        case
            when lead_channel is not null then lead_channel
            when account_channel is not null then account_channel
            else 'unattributed'
        end as channel,
        case
            when lead_channel is not null then 'lead'
            when account_channel is not null then 'account'
            else 'none'
        end as channel_basis,
        case when lead_created_at is not null then 'lead_created' else 'deal_created' end as cycle_start_basis,
        case
            when closed_date is not null
                then {{ days_between('cycle_start_date', 'closed_date') }}
        end as cycle_days_raw
    from deals_joined
),

converted as (
    select
        with_cycle.*,
        {{ to_reporting('with_cycle.amount', 'close_fx') }} as amount_at_close,
        {{ to_reporting('with_cycle.amount', 'as_of_fx') }} as amount_at_as_of_date
    from with_cycle
    {{ fx_join('close_fx', 'with_cycle.currency', 'with_cycle.closed_date') }}
    {{ fx_join('as_of_fx', 'with_cycle.currency', 'with_cycle.as_of_date') }}
),

final as (
    select
        deal_id,
        account_id,
        lead_id,
        owner_id,
        product_id,
        deal_type,
        stage,
        stage_order,
        cast(stage_probability as {{ type_double() }}) as stage_probability,
        channel,
        channel_basis,
        lead_source,
        lost_reason,
        currency,
        amount,
        cast(amount_at_close as {{ type_double() }}) as amount_at_close,
        cast(amount_at_as_of_date as {{ type_double() }}) as amount_at_as_of_date,
        cycle_start_basis,
        case when cycle_days_raw >= 0 then cycle_days_raw end as cycle_days,
        amount is not null as has_amount,
        is_deleted,
        is_closed,
        is_closed and is_won as is_won,
        is_closed and not is_won as is_lost,
        not is_closed as is_open,
        coalesce(cycle_days_raw < 0, false) as is_cycle_invalid,
        coalesce(closed_date <= as_of_date, false) as is_closed_by_as_of_date,
        created_at,
        closed_at,
        lead_created_at,
        created_date,
        closed_date,
        close_month,
        cycle_start_date,
        expected_close_on
    from converted
)

select * from final
