-- Sales contests are decided on these ranks: a rank must be 1 + the number of people (in the
-- team, or in the department) who won strictly more that month, so ties share a rank.
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
                when peers.team = scorecard.team and peers.won_amount > scorecard.won_amount then 1
                else 0
            end
        ) as expected_rank_in_team,
        1 + sum(case when peers.won_amount > scorecard.won_amount then 1 else 0 end) as expected_rank_in_department
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
