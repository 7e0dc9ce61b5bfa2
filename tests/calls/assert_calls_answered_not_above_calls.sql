-- Answered calls are a subset of calls, connected calls a subset of answered ones, and missed
-- calls a subset of the unanswered inbound calls, calls with a wait (the speed of answer) a
-- subset of the answered inbound calls: a count above its parent means a flag is computed
-- wrongly and every rate built on it is off.
select
    call_date,
    user_id,
    direction,
    calls,
    calls_answered,
    calls_connected,
    calls_missed,
    calls_with_wait
from {{ ref('kpi_call_quality') }}
where calls_answered > calls
    or calls_connected > calls_answered
    or calls_missed > calls - calls_answered
    or (direction = 'outbound' and calls_missed != 0)
    or calls_with_wait > calls_answered
    or (direction = 'outbound' and calls_with_wait != 0)
    or calls_good > calls_scored
    or calls_next_step_agreed > calls_scored
    or calls_scored > calls
