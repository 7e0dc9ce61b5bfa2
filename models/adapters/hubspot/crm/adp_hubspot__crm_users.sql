{#- HubSpot owners -> crm__users. HubSpot keeps no HR data and no reporting lines:
    - role rep and no manager for every owner (HubSpot has no manager field);
    - team: the name of the owner's team (its primary team when it has several), else 'no team';
    - hired_on: the first date the owner appears in the data (a deal, contact or company
      created), else the owner's created_at date;
    - left_on: only for an inactive owner, the last date they appear (a deal, contact or
      company created), else their first date.
    full_name: first and last name (the e-mail when both are empty). -#}
with

owners as (
    select * from {{ ref('base_hubspot__owner') }}
),

teams as (
    select * from {{ ref('base_hubspot__team') }}
),

owner_teams as (
    select * from {{ ref('base_hubspot__owner_team') }}
),

deals as (
    select * from {{ ref('base_hubspot__deal') }}
),

contacts as (
    select * from {{ ref('base_hubspot__contact') }}
),

companies as (
    select * from {{ ref('base_hubspot__company') }}
),

team_names as (
    select
        trim(owner_teams.owner_id) as owner_id,
        teams.name as team_name,
        row_number() over (
            partition by trim(owner_teams.owner_id)
            order by coalesce({{ parse_boolean('owner_teams.is_team_primary') }}, false) desc, teams.name
        ) as team_rank
    from owner_teams
    inner join teams
        on trim(owner_teams.team_id) = trim(teams.id)
),

activity_dates as (
    select
        owner_id,
        {{ landed_date('property_createdate') }} as activity_on
    from deals
    union all
    select
        property_hubspot_owner_id as owner_id,
        {{ landed_date('property_createdate') }} as activity_on
    from contacts
    union all
    select
        property_hubspot_owner_id as owner_id,
        {{ landed_date('property_createdate') }} as activity_on
    from companies
),

activity_spans as (
    select
        trim(owner_id) as owner_id,
        min(activity_on) as first_active_on,
        max(activity_on) as last_active_on
    from activity_dates
    where {{ regexp_full_match('activity_on', '[0-9]{4}-[0-9]{2}-[0-9]{2}') }}
    group by trim(owner_id)
),

final as (
    select
        owners.owner_id as user_id,
        coalesce(
            {{ nullif_blank("trim(coalesce(owners.first_name, '') || ' ' || coalesce(owners.last_name, ''))") }},
            owners.email
        ) as full_name,
        owners.email,
        'rep' as role,
        cast(null as {{ dbt.type_string() }}) as manager_id,
        coalesce(team_names.team_name, 'no team') as team,
        coalesce(activity_spans.first_active_on, {{ landed_date('owners.created_at') }}) as hired_on,
        case
            when {{ parse_boolean('owners.is_active') }} = false
                then
                    coalesce(
                        activity_spans.last_active_on,
                        activity_spans.first_active_on,
                        {{ landed_date('owners.created_at') }}
                    )
        end as left_on,
        owners._row_number
    from owners
    left join team_names
        on trim(owners.owner_id) = team_names.owner_id
        and team_names.team_rank = 1
    left join activity_spans
        on trim(owners.owner_id) = activity_spans.owner_id
)

select * from final
