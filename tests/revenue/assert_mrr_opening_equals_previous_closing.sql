-- Each month opens where the last one closed: a month's opening MRR is the previous month's
-- closing MRR (at the previous month's rates), and the first month opens at zero. Otherwise
-- the bridges of consecutive months do not chain and a yearly bridge would not close.
with

mrr as (
    select * from {{ ref('kpi_mrr') }}
),

chained as (
    select
        month,
        opening_mrr,
        lag(closing_mrr) over (order by month) as previous_closing_mrr
    from mrr
)

select *
from chained
where abs(opening_mrr - coalesce(previous_closing_mrr, 0)) > 0.005
