-- A sales cycle cannot be negative: a deal closed before its start is bad input and is left out
-- of the cycle figures, never averaged in as a negative number.
select
    'int_deals_enriched' as model_name,
    deal_id as row_key,
    cast(cycle_days as {{ type_double() }}) as cycle_days
from {{ ref('int_deals_enriched') }}
where cycle_days < 0
union all
select
    'kpi_sales_cycle' as model_name,
    cast(close_month as {{ dbt.type_string() }}) as row_key,
    cast(least(
        cycle_days_won_total, cycle_days_lost_total,
        coalesce(cycle_days_won_median, 0), coalesce(cycle_days_won_p90, 0),
        coalesce(cycle_days_lost_median, 0)
    ) as {{ type_double() }}) as cycle_days
from {{ ref('kpi_sales_cycle') }}
where
    cycle_days_won_total < 0
    or cycle_days_lost_total < 0
    or cycle_days_won_median < 0
    or cycle_days_won_p90 < 0
    or cycle_days_lost_median < 0
