{#- Why and where deals are lost: the deals lost each month per owner, reason and the stage
    they were lost from, with their share of the month's losses. -#}
with

deals as (
    select * from {{ ref('int_deals_enriched') }}
),

spans as (
    select * from {{ ref('int_deal_stage_spans') }}
),

{# The same lost deals as kpi_sales_cycle: closed lost, not deleted, by as_of_date. -#}
lost_deals as (
    select * from deals
    where
        not is_deleted
        and is_closed
        and is_closed_by_as_of_date
        and is_lost
),

{# The stage a deal was lost from: its latest open stage in stage history entered on or before
    it closed; `unknown` when history records none. -#}
open_stage_entries as (
    select
        lost_deals.deal_id,
        spans.stage,
        row_number() over (
            partition by lost_deals.deal_id
            order by spans.entered_at desc, spans.span_number desc
        ) as recency
    from lost_deals
    inner join spans
        on lost_deals.deal_id = spans.deal_id
    where
        spans.span_source = 'history'
        and not spans.is_closed_stage
        and spans.entered_at <= lost_deals.closed_at
),

classified as (
    select
        lost_deals.close_month,
        lost_deals.owner_id,
        coalesce(lost_deals.lost_reason, 'unspecified') as lost_reason,
        coalesce(open_stage_entries.stage, '{{ unknown_stage() }}') as lost_from_stage,
        lost_deals.amount_at_close,
        lost_deals.has_amount
    from lost_deals
    left join open_stage_entries
        on lost_deals.deal_id = open_stage_entries.deal_id
        and open_stage_entries.recency = 1
),

aggregated as (
    select
        close_month,
        owner_id,
        lost_reason,
        lost_from_stage,
        count(*) as lost_deals,
        sum(case when has_amount then 0 else 1 end) as lost_deals_without_amount,
        coalesce(sum(amount_at_close), 0) as lost_amount
    from classified
    group by
        close_month,
        owner_id,
        lost_reason,
        lost_from_stage
),

{# Shares are of the month's lost deals and amount across all owners, reasons and stages. -#}
with_month_totals as (
    select
        aggregated.*,
        sum(lost_deals) over (partition by close_month) as month_lost_deals,
        sum(lost_amount) over (partition by close_month) as month_lost_amount
    from aggregated
),

final as (
    select
        cast(close_month as date) as close_month,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        cast(lost_reason as {{ dbt.type_string() }}) as lost_reason,
        cast(lost_from_stage as {{ dbt.type_string() }}) as lost_from_stage,
        cast(lost_deals as {{ dbt.type_bigint() }}) as lost_deals,
        cast(lost_deals_without_amount as {{ dbt.type_bigint() }}) as lost_deals_without_amount,
        cast(lost_amount as {{ type_double() }}) as lost_amount,
        cast(month_lost_deals as {{ dbt.type_bigint() }}) as month_lost_deals,
        cast(month_lost_amount as {{ type_double() }}) as month_lost_amount,
        {{ safe_divide('lost_deals', 'month_lost_deals') }} as share_of_lost_deals,
        {{ safe_divide('lost_amount', 'month_lost_amount') }} as share_of_lost_amount
    from with_month_totals
)

select * from final
