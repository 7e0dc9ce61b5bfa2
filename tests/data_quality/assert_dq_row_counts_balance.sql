-- Nothing is lost silently: for every raw table, rows in = rows used + rows rejected,
-- and the rejected count is exactly the number of ledger rows of that table.
with

counts as (
    select * from {{ ref('dq_row_counts') }}
),

ledger as (
    select
        source_table,
        count(*) as ledger_rows
    from {{ ref('dq_rejected_rows') }}
    group by source_table
)

select
    counts.source_table,
    counts.rows_in,
    counts.rows_used,
    counts.rows_rejected,
    coalesce(ledger.ledger_rows, 0) as ledger_rows
from counts
left join ledger
    on counts.source_table = ledger.source_table
where
    counts.rows_in != counts.rows_used + counts.rows_rejected
    or counts.rows_rejected != coalesce(ledger.ledger_rows, 0)
