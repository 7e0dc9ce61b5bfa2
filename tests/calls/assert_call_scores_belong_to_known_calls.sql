-- Every score counted belongs to a call we know: a score of an unknown call would inflate
-- calls_scored without a call behind it.
with

scores as (
    select * from {{ ref('int_call_scores_latest') }}
),

calls as (
    select * from {{ ref('linked_telephony__calls') }}
)

select scores.call_id
from scores
left join calls
    on scores.call_id = calls.call_id
where calls.call_id is null
