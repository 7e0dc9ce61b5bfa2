{#- One row: the report's "today" (as_of_date), where the data starts, and the currency the
    marts' money is in (so that readers such as the dashboard label it right). -#}
{%- set as_of = setting('as_of_date') -%}
{%- set as_of_expression = "cast('" ~ as_of ~ "' as date)" if as_of else 'latest_event_date' -%}
with

leads as (
    select created_at from {{ ref('linked_crm__leads') }}
),

deals as (
    select
        created_at,
        closed_at
    from {{ ref('linked_crm__deals') }}
),

stage_history as (
    select entered_at from {{ ref('linked_crm__deal_stage_history') }}
),

calls as (
    select started_at from {{ ref('linked_telephony__calls') }}
),

items as (
    select valid_from from {{ ref('linked_billing__subscription_items') }}
),

subscriptions as (
    select started_at from {{ ref('linked_billing__subscriptions') }}
),

invoices as (
    select issued_at from {{ ref('linked_billing__invoices') }}
),

prices as (
    select observed_on from {{ ref('linked_market__competitor_prices') }}
),

{# The events that define "the latest date in the data": never scheduled dates such as
    expected_close_on or valid_to, never the clock. -#}
event_dates as (
    select {{ local_date('created_at') }} as event_date from leads
    union all
    select {{ local_date('created_at') }} as event_date from deals
    union all
    select {{ local_date('closed_at') }} as event_date from deals
    union all
    select {{ local_date('entered_at') }} as event_date from stage_history
    union all
    select {{ local_date('started_at') }} as event_date from calls
    union all
    select {{ local_date('valid_from') }} as event_date from items
    union all
    select {{ local_date('issued_at') }} as event_date from invoices
    union all
    select observed_on as event_date from prices
),

{# The first subscription counts for where the data starts, not for its latest date. -#}
start_dates as (
    select event_date from event_dates
    union all
    select {{ local_date('started_at') }} as event_date from subscriptions
),

bounds as (
    select
        (select min(event_date) as first_date from start_dates) as data_start_date,
        (select max(event_date) as last_date from event_dates) as latest_event_date
),

final as (
    select
        {{ as_of_expression }} as as_of_date,
        {{ month_of(as_of_expression) }} as as_of_month,
        data_start_date,
        {{ month_of('data_start_date') }} as data_start_month,
        latest_event_date,
        {{ sql_string(setting('reporting_currency')) }} as reporting_currency
    from bounds
)

select * from final
