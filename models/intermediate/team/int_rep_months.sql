{#- One row per rep × month of the report in which the rep was employed (hired on or before
    the month's last day, not left before the month started): the leaderboard's spine, so
    a rep with no activity in a month still shows up, with zeros. -#}
with

users as (
    select * from {{ ref('stg_crm__users') }}
),

months as (
    select * from {{ ref('int_calendar_months') }}
),

final as (
    select
        users.user_id,
        months.month_start
    from users
    inner join months
        on users.hired_on <= months.month_end
        and (users.left_on is null or users.left_on >= months.month_start)
    where users.role = 'rep'
)

select * from final
