-- kpi_call_quality must count every call up to as_of_date exactly once (nothing dropped by a
-- join or a null key): its calls, scored calls and talk time add up to the per-call rows.
with

kpi as (
    select
        sum(calls) as calls,
        sum(calls_scored) as calls_scored,
        sum(talk_seconds_total) as talk_seconds_total
    from {{ ref('kpi_call_quality') }}
),

per_call as (
    select
        count(*) as calls,
        sum(case when is_scored then 1 else 0 end) as calls_scored,
        sum(case when is_answered then talk_seconds else 0 end) as talk_seconds_total
    from {{ ref('fct_call_reports') }}
)

select
    kpi.calls as kpi_calls,
    per_call.calls as per_call_calls,
    kpi.calls_scored as kpi_calls_scored,
    per_call.calls_scored as per_call_calls_scored
from kpi
cross join per_call
where coalesce(kpi.calls, 0) != per_call.calls
    or coalesce(kpi.calls_scored, 0) != coalesce(per_call.calls_scored, 0)
    or coalesce(kpi.talk_seconds_total, 0) != coalesce(per_call.talk_seconds_total, 0)
