{#- amoCRM users -> crm__users. amoCRM keeps no HR data and no manager: every user is a rep
    without a manager; team: the user's group_name ('no group' without one). hired_on: the
    first day the user appears in the data (a deal or contact created, a call); left_on: only
    for an inactive user, the last such day. A user who appears nowhere gets the first day of
    the data as hired_on (so that the user is not rejected as having no hire date). -#}
with

users as (
    select * from {{ ref('base_amocrm__users') }}
),

deals as (
    select * from {{ ref('base_amocrm__leads') }}
),

contacts as (
    select * from {{ ref('base_amocrm__contacts') }}
),

notes as (
    select * from {{ ref('base_amocrm__notes') }}
),

activity as (
    select
        trim(responsible_user_id) as user_id,
        {{ parse_timestamp(landed_timestamp('created_at')) }} as active_at
    from deals
    union all
    select
        trim(responsible_user_id) as user_id,
        {{ parse_timestamp(landed_timestamp('created_at')) }} as active_at
    from contacts
    union all
    select
        trim(responsible_user_id) as user_id,
        {{ parse_timestamp(landed_timestamp('created_at')) }} as active_at
    from notes
    where lower(trim(note_type)) in ({{ sql_string_list(amocrm_call_note_types().keys() | list) }})
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
        users.name as full_name,
        users.email,
        'rep' as role,
        cast(null as {{ dbt.type_string() }}) as manager_id,
        coalesce({{ nullif_blank('users.group_name') }}, 'no group') as team,
        coalesce(user_activity.first_active_on, data_start.first_active_on) as hired_on,
        case
            when {{ parse_boolean('users.is_active') }} = false
                then coalesce(user_activity.last_active_on, data_start.first_active_on)
        end as left_on,
        users._row_number
    from users
    cross join data_start
    left join user_activity
        on trim(users.id) = user_activity.user_id
)

select * from final
