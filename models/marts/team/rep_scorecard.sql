{#- The per-rep scorecard: the figures of fct_rep_figures_monthly, ranked in the team and in
    the department on won amount. -#}
with

figures as (
    select * from {{ ref('fct_rep_figures_monthly') }}
),

ranked as (
    {#- Ranks on won amount, 1 = most won; ties share a rank (rank(), not row_number()).
        Amounts are compared as exact numerics (to a millionth): won_amount is a sum of
        doubles, and 100.10 + 200.20 is not 300.30 in floating point, so equal amounts summed
        from different deals must not split a tie. -#}
    select
        figures.*,
        rank() over (
            partition by figures.month_start, figures.team
            order by cast(figures.won_amount as {{ dbt.type_numeric() }}) desc
        ) as won_amount_rank_in_team,
        rank() over (
            partition by figures.month_start
            order by cast(figures.won_amount as {{ dbt.type_numeric() }}) desc
        ) as won_amount_rank_in_department,
        count(*) over (partition by figures.month_start, figures.team) as reps_in_team,
        count(*) over (partition by figures.month_start) as reps_in_department
    from figures
),

final as (
    select
        month_start as month,
        user_id,
        team,
        manager_id,
        role,
        {{ scorecard_columns() }},
        cast(won_amount_rank_in_team as {{ dbt.type_bigint() }}) as won_amount_rank_in_team,
        cast(won_amount_rank_in_department as {{ dbt.type_bigint() }}) as won_amount_rank_in_department,
        cast(reps_in_team as {{ dbt.type_bigint() }}) as reps_in_team,
        cast(reps_in_department as {{ dbt.type_bigint() }}) as reps_in_department
    from ranked
)

select * from final
