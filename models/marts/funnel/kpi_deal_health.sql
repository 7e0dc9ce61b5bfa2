{#- Deal health per owner and stage: of the deals open at as_of_date, how many (and how much)
    are stuck, overdue or inactive. -#}
with

open_deals as (
    select * from {{ ref('fct_open_deals') }}
),

aggregated as (
    select
        as_of_date,
        owner_id,
        stage,
        count(*) as open_deals,
        coalesce(sum(amount), 0) as open_value,
        sum(case when is_stuck then 1 else 0 end) as stuck_deals,
        coalesce(sum(case when is_stuck then amount end), 0) as stuck_value,
        sum(case when is_overdue then 1 else 0 end) as overdue_deals,
        coalesce(sum(case when is_overdue then amount end), 0) as overdue_value,
        sum(case when is_inactive then 1 else 0 end) as inactive_deals,
        coalesce(sum(case when is_inactive then amount end), 0) as inactive_value
    from open_deals
    group by
        as_of_date,
        owner_id,
        stage
),

final as (
    select
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        cast(stage as {{ dbt.type_string() }}) as stage,
        cast(as_of_date as date) as as_of_date,
        cast(open_deals as {{ dbt.type_bigint() }}) as open_deals,
        cast(open_value as {{ type_double() }}) as open_value,
        cast(stuck_deals as {{ dbt.type_bigint() }}) as stuck_deals,
        cast(stuck_value as {{ type_double() }}) as stuck_value,
        cast(overdue_deals as {{ dbt.type_bigint() }}) as overdue_deals,
        cast(overdue_value as {{ type_double() }}) as overdue_value,
        cast(inactive_deals as {{ dbt.type_bigint() }}) as inactive_deals,
        cast(inactive_value as {{ type_double() }}) as inactive_value
    from aggregated
)

select * from final
