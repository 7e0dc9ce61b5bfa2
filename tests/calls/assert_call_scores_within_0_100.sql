-- Scores are on a 0-100 scale: a score outside it (a 0-1 or 0-10 scale slipped through) makes
-- every mean and the good-call share meaningless.
select
    call_id,
    overall_score,
    script_adherence_score
from {{ ref('fct_call_reports') }}
where overall_score < 0
    or overall_score > 100
    or script_adherence_score < 0
    or script_adherence_score > 100
    or (is_scored and overall_score is null)
