{#- Bitrix24 users (user.get) -> crm__users.
    - team: the NAME of the first department in UF_DEPARTMENT (a list such as [3] or 3,7)
      from bitrix24__departments, else the department id, else 'no department'.
    - manager_id: the head (UF_HEAD) of the user's department; for the head of a department,
      the head of its PARENT department. role: head when the user has reports and no
      manager, manager when the user has reports, else rep.
    - hired_on: DATE_REGISTER, else the first day the user appears in the data (a deal or
      lead created, a call); left_on: for an inactive user (ACTIVE N), the last such day. -#}
with

users as (
    select * from {{ ref('base_bitrix24__users') }}
),

departments as (
    select * from {{ ref('base_bitrix24__departments') }}
),

deals as (
    select * from {{ ref('base_bitrix24__deals') }}
),

leads as (
    select * from {{ ref('base_bitrix24__leads') }}
),

calls as (
    select * from {{ ref('base_bitrix24__calls') }}
),

department_heads as (
    select
        trim(id) as department_id,
        max(name) as department_name,
        max({{ bitrix24_link('uf_head') }}) as head_id,
        max({{ bitrix24_link('parent') }}) as parent_id
    from departments
    group by trim(id)
),

user_departments as (
    select
        _row_number,
        id,
        {{ nullif_blank(
            "regexp_replace(regexp_replace(coalesce(uf_department, ''), '^[^0-9]+', ''), '[^0-9].*$', '')"
        ) }} as department_id
    from users
),

user_managers as (
    select
        user_departments._row_number,
        user_departments.id,
        user_departments.department_id,
        case
            when own.head_id is null then null
            when own.head_id != trim(user_departments.id) then own.head_id
            else parent.head_id
        end as manager_id
    from user_departments
    left join department_heads as own
        on user_departments.department_id = own.department_id
    left join department_heads as parent
        on own.parent_id = parent.department_id
),

managers as (
    select distinct manager_id as user_id
    from user_managers
    where manager_id is not null
),

activity as (
    select
        trim(assigned_by_id) as user_id,
        {{ parse_timestamp('date_create') }} as active_at
    from deals
    union all
    select
        trim(assigned_by_id) as user_id,
        {{ parse_timestamp('date_create') }} as active_at
    from leads
    union all
    select
        trim(portal_user_id) as user_id,
        {{ parse_timestamp('call_start_date') }} as active_at
    from calls
),

user_activity as (
    select
        user_id,
        cast(cast(min(active_at) as date) as {{ dbt.type_string() }}) as first_active_on,
        cast(cast(max(active_at) as date) as {{ dbt.type_string() }}) as last_active_on
    from activity
    where active_at is not null
    group by user_id
),

data_start as (
    select cast(cast(min(active_at) as date) as {{ dbt.type_string() }}) as first_active_on
    from activity
),

final as (
    select
        users.id as user_id,
        trim(coalesce(users.name, '') || ' ' || coalesce(users.last_name, '')) as full_name,
        users.email,
        case
            when managers.user_id is not null and user_managers.manager_id is null then 'head'
            when managers.user_id is not null then 'manager'
            else 'rep'
        end as role,
        user_managers.manager_id,
        coalesce(department_heads.department_name, user_managers.department_id, 'no department') as team,
        coalesce(
            {{ nullif_blank(landed_date('users.date_register')) }},
            user_activity.first_active_on,
            data_start.first_active_on
        ) as hired_on,
        case
            when {{ parse_boolean(bitrix24_flag('users.active')) }} = false
                then coalesce(user_activity.last_active_on, data_start.first_active_on)
        end as left_on,
        users._row_number
    from users
    cross join data_start
    left join user_managers
        on users._row_number = user_managers._row_number
    left join department_heads
        on user_managers.department_id = department_heads.department_id
    left join managers
        on trim(users.id) = managers.user_id
    left join user_activity
        on trim(users.id) = user_activity.user_id
)

select * from final
