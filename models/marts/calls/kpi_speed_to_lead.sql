with

lead_first_calls as (
    select * from {{ ref('int_lead_first_calls') }}
),

leads_keyed as (
    {#- A lead without an owner is grouped under 'unassigned', as in kpi_conversion_rate. -#}
    select
        lead_first_calls.*,
        coalesce(lead_first_calls.owner_id, 'unassigned') as cohort_owner_id
    from lead_first_calls
),

aggregated as (
    select
        cohort_month,
        cohort_owner_id as owner_id,
        count(*) as leads,
        sum(case when is_called then 1 else 0 end) as leads_called,
        sum(case when is_called_within_5_min then 1 else 0 end) as leads_called_within_5_min,
        sum(case when is_called_within_60_min then 1 else 0 end) as leads_called_within_60_min,
        sum(case when is_called_before_created then 1 else 0 end) as leads_called_before_created,
        coalesce(sum(minutes_to_first_call), 0) as minutes_to_first_call_total,
        {{ median('minutes_to_first_call') }} as median_minutes_to_first_call
    from leads_keyed
    group by
        cohort_month,
        cohort_owner_id
),

final as (
    select
        cohort_month,
        owner_id,
        cast(leads as {{ dbt.type_bigint() }}) as leads,
        cast(leads_called as {{ dbt.type_bigint() }}) as leads_called,
        cast(leads - leads_called as {{ dbt.type_bigint() }}) as leads_never_called,
        cast(leads_called_within_5_min as {{ dbt.type_bigint() }}) as leads_called_within_5_min,
        cast(leads_called_within_60_min as {{ dbt.type_bigint() }}) as leads_called_within_60_min,
        cast(leads_called_before_created as {{ dbt.type_bigint() }}) as leads_called_before_created,
        cast(minutes_to_first_call_total as {{ type_double() }}) as minutes_to_first_call_total,
        {{ safe_divide('minutes_to_first_call_total', 'leads_called') }} as mean_minutes_to_first_call,
        cast(median_minutes_to_first_call as {{ type_double() }}) as median_minutes_to_first_call,
        {{ safe_divide('leads_called', 'leads') }} as share_called,
        {{ safe_divide('leads_called_within_5_min', 'leads') }} as share_called_within_5_min,
        {{ safe_divide('leads_called_within_60_min', 'leads') }} as share_called_within_60_min
    from aggregated
)

select * from final
