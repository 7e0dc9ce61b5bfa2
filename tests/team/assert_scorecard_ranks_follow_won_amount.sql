-- Sales contests are decided on these ranks: a rank must be 1 + the number of people (in the
-- team, or in the department) who won strictly more that month, so ties share a rank. Amounts
-- are compared as exact numerics, as the mart ranks them (float noise is not a lead).
with

scorecard as (
    select * from {{ ref('rep_scorecard') }}
),

expected as (
    select
        scorecard.month,
        scorecard.user_id,
        scorecard.won_amount_rank_in_team,
        scorecard.won_amount_rank_in_department,
        1 + sum(
            case
                when
                    peers.team = scorecard.team
                    and cast(peers.won_amount as {{ dbt.type_numeric() }})
                    > cast(scorecard.won_amount as {{ dbt.type_numeric() }})
                    then 1
                else 0
            end
        ) as expected_rank_in_team,
        1 + sum(
            case
                when
                    cast(peers.won_amount as {{ dbt.type_numeric() }})
                    > cast(scorecard.won_amount as {{ dbt.type_numeric() }})
                    then 1
                else 0
            end
        ) as expected_rank_in_department
    from scorecard
    inner join scorecard as peers
        on scorecard.month = peers.month
    group by
        scorecard.month,
        scorecard.user_id,
        scorecard.won_amount_rank_in_team,
        scorecard.won_amount_rank_in_department
)

select *
from expected
where won_amount_rank_in_team != expected_rank_in_team
    or won_amount_rank_in_department != expected_rank_in_department
