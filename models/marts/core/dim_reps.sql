with

users as (
    select * from {{ ref('stg_crm__users') }}
),

period as (
    select * from {{ ref('int_report_period') }}
),

final as (
    select
        users.user_id,
        users.manager_id,
        users.role,
        users.team,
        users.hired_on,
        users.left_on,
        (users.left_on is null or users.left_on >= period.as_of_date)
        and users.hired_on <= period.as_of_date as is_active_at_as_of_date
    from users
    cross join period
)

select * from final
