{#- The rep scorecard rolled up to the department: sums of its totals and counts, rates and
    means recomputed from them (never averaged). -#}
with

rep_scorecard as (
    select * from {{ ref('rep_scorecard') }}
),

aggregated as (
    select
        month,
        count(*) as reps,
        {{ scorecard_sums() }}
        sum(case when quota_amount is not null then won_amount else 0 end) as won_amount_with_quota
    from rep_scorecard
    group by
        month
),

final as (
    select
        month,
        cast(reps as {{ dbt.type_bigint() }}) as reps,
        cast(won_amount_with_quota as {{ type_double() }}) as won_amount_with_quota,
        {{ scorecard_columns('won_amount_with_quota') }}
    from aggregated
)

select * from final
