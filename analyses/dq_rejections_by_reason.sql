-- What the data-quality ledger rejected, by table and reason, with the share of each table's
-- rows: the first thing to read after pointing the project at a new export.
with

rejected as (
    select * from {{ ref('dq_rejected_rows') }}
),

counts as (
    select * from {{ ref('dq_row_counts') }}
),

by_reason as (
    select
        source_table,
        reason,
        count(*) as rows_rejected
    from rejected
    group by source_table, reason
),

final as (
    select
        by_reason.source_table,
        by_reason.reason,
        by_reason.rows_rejected,
        counts.rows_in,
        {{ safe_divide('by_reason.rows_rejected', 'counts.rows_in') }} as share_of_rows
    from by_reason
    inner join counts
        on by_reason.source_table = counts.source_table
)

select * from final
order by source_table asc, rows_rejected desc
