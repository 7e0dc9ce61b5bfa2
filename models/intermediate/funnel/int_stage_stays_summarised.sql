{#- How long each stage usually takes: the completed stays in each open stage (a stay that
    ended when the next stage was entered or the deal closed), over every deal not deleted. -#}
with

spans as (
    select * from {{ ref('int_deal_stage_spans') }}
),

completed as (
    select
        stage,
        days_in_stage
    from spans
    where
        not is_running
        and not is_closed_stage
        and not is_deleted
        and days_in_stage is not null
),

final as (
    select
        stage,
        count(*) as completed_stays,
        cast({{ median('days_in_stage') }} as {{ type_double() }}) as median_days
    from completed
    group by stage
)

select * from final
