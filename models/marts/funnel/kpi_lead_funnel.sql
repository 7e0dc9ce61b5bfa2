with

lead_outcomes as (
    select * from {{ ref('int_lead_outcomes') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

{# The funnel starts at the valid leads created by the end of as_of_date. -#}
valid_leads as (
    select
        lead_outcomes.*,
        coalesce(lead_outcomes.owner_id, 'unassigned') as cohort_owner_id
    from lead_outcomes
    cross join period
    where
        lead_outcomes.is_valid
        and lead_outcomes.created_date <= period.as_of_date
),

aggregated as (
    select
        cohort_month,
        channel,
        source,
        cohort_owner_id as owner_id,
        count(*) as leads_valid,
        sum(case when is_qualified then 1 else 0 end) as leads_qualified,
        sum(case when has_deal then 1 else 0 end) as leads_with_deal,
        sum(case when is_converted then 1 else 0 end) as leads_won
    from valid_leads
    group by cohort_month, channel, source, cohort_owner_id
),

final as (
    select
        cast(cohort_month as date) as cohort_month,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(source as {{ dbt.type_string() }}) as source,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        cast(leads_valid as {{ dbt.type_bigint() }}) as leads_valid,
        cast(leads_qualified as {{ dbt.type_bigint() }}) as leads_qualified,
        cast(leads_with_deal as {{ dbt.type_bigint() }}) as leads_with_deal,
        cast(leads_won as {{ dbt.type_bigint() }}) as leads_won,
        {{ safe_divide('leads_qualified', 'leads_valid') }} as qualified_rate,
        {{ safe_divide('leads_with_deal', 'leads_qualified') }} as qualified_to_deal_rate,
        {{ safe_divide('leads_won', 'leads_with_deal') }} as deal_to_won_rate,
        {{ safe_divide('leads_won', 'leads_valid') }} as valid_to_won_rate
    from aggregated
)

select * from final
