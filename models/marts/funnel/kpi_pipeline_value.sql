with

snapshots as (
    select * from {{ ref('int_pipeline_snapshots') }}
),

aggregated as (
    select
        as_of_date,
        owner_id,
        deal_type,
        stage,
        max(stage_probability) as stage_probability,
        count(*) as open_deals,
        sum(case when has_amount then 1 else 0 end) as open_deals_with_amount,
        sum(case when has_amount then 0 else 1 end) as open_deals_without_amount,
        sum(case when is_stage_unknown then 1 else 0 end) as open_deals_stage_unknown,
        coalesce(sum(amount), 0) as pipeline_value,
        coalesce(sum(weighted_amount), 0) as weighted_pipeline_value,
        max(case when is_as_of_date then 1 else 0 end) = 1 as is_as_of_date
    from snapshots
    group by as_of_date, owner_id, deal_type, stage
),

final as (
    select
        cast(as_of_date as date) as as_of_date,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        cast(deal_type as {{ dbt.type_string() }}) as deal_type,
        cast(stage as {{ dbt.type_string() }}) as stage,
        cast(stage_probability as {{ type_double() }}) as stage_probability,
        cast(open_deals as {{ dbt.type_bigint() }}) as open_deals,
        cast(open_deals_with_amount as {{ dbt.type_bigint() }}) as open_deals_with_amount,
        cast(open_deals_without_amount as {{ dbt.type_bigint() }}) as open_deals_without_amount,
        cast(open_deals_stage_unknown as {{ dbt.type_bigint() }}) as open_deals_stage_unknown,
        cast(pipeline_value as {{ type_double() }}) as pipeline_value,
        cast(weighted_pipeline_value as {{ type_double() }}) as weighted_pipeline_value,
        is_as_of_date
    from aggregated
)

select * from final
