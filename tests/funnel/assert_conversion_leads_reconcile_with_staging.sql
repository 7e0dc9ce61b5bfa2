-- Nothing is dropped between staging and the conversion mart: the leads_total of all rows adds up
-- to the lead rows accepted from raw (created by as_of_date), and int_lead_outcomes keeps every one.
with

period as (
    select * from {{ ref('int_report_period') }}
),

staged as (
    select count(*) as leads
    from {{ ref('linked_crm__leads') }}
    cross join period
    where {{ local_date('created_at') }} <= period.as_of_date
),

staged_all as (
    select count(*) as leads from {{ ref('linked_crm__leads') }}
),

outcomes as (
    select count(*) as leads from {{ ref('int_lead_outcomes') }}
),

mart as (
    select coalesce(sum(leads_total), 0) as leads from {{ ref('kpi_conversion_rate') }}
)

select
    staged.leads as staged_leads,
    mart.leads as mart_leads,
    staged_all.leads as staged_leads_all,
    outcomes.leads as outcome_leads
from staged
cross join mart
cross join staged_all
cross join outcomes
where staged.leads != mart.leads or staged_all.leads != outcomes.leads
