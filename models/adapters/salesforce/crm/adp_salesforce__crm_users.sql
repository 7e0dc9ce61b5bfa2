{#- Salesforce users -> crm__users. Team: the name of the user's role (users without a role:
    'no role'). Role: head when the user has no manager and others report to them, manager
    when others report to them, else rep. hired_on: the user's created date; left_on: only for
    an inactive user, the last date they appear (a lead or opportunity created, an
    opportunity closed), else their created date. -#}
with

users as (
    select * from {{ ref('base_salesforce__user') }}
),

roles as (
    select * from {{ ref('base_salesforce__user_role') }}
),

role_names as (
    select
        trim(id) as role_id,
        max(name) as role_name
    from roles
    group by trim(id)
),

leads as (
    select * from {{ ref('base_salesforce__lead') }}
),

opportunities as (
    select * from {{ ref('base_salesforce__opportunity') }}
),

managers as (
    select distinct trim(manager_id) as user_id
    from users
    where {{ nullif_blank('manager_id') }} is not null
),

activity_dates as (
    select
        owner_id,
        {{ landed_date('created_date') }} as activity_on
    from leads
    union all
    select
        owner_id,
        {{ landed_date('created_date') }} as activity_on
    from opportunities
    union all
    select
        owner_id,
        {{ landed_date('close_date') }} as activity_on
    from opportunities
    where {{ parse_boolean('is_closed') }}
),

last_activity as (
    select
        trim(owner_id) as user_id,
        max(activity_on) as last_active_on
    from activity_dates
    where {{ regexp_full_match('activity_on', '[0-9]{4}-[0-9]{2}-[0-9]{2}') }}
    group by trim(owner_id)
),

final as (
    select
        users.id as user_id,
        users.name as full_name,
        users.email,
        case
            when managers.user_id is not null and {{ nullif_blank('users.manager_id') }} is null then 'head'
            when managers.user_id is not null then 'manager'
            else 'rep'
        end as role,
        users.manager_id,
        coalesce(role_names.role_name, 'no role') as team,
        {{ landed_date('users.created_date') }} as hired_on,
        case
            when {{ parse_boolean('users.is_active') }} = false
                then coalesce(last_activity.last_active_on, {{ landed_date('users.created_date') }})
        end as left_on,
        users._row_number
    from users
    left join managers
        on trim(users.id) = managers.user_id
    left join role_names
        on trim(users.user_role_id) = role_names.role_id
    left join last_activity
        on trim(users.id) = last_activity.user_id
)

select * from final
