{#- The stretches of time each deal spent in each stage, from stage history. A deal with no
    history rows is taken to have been in its current stage since it was created. A span ends
    when the next stage is entered; the last span of an open stage ends when the deal closed
    (history that misses the closing entry), else it is still running. -#}
with

history as (
    select * from {{ ref('linked_crm__deal_stage_history') }}
),

deals as (
    select * from {{ ref('int_deals_enriched') }}
),

stages as (
    select * from {{ ref('stg_crm__pipeline_stages') }}
),

deals_with_history as (
    select distinct deal_id from history
),

entries as (
    select
        history.deal_id,
        history.stage,
        history.entered_at,
        'history' as span_source
    from history
    inner join deals
        on history.deal_id = deals.deal_id
    union all
    select
        deals.deal_id,
        deals.stage,
        deals.created_at as entered_at,
        'current_stage' as span_source
    from deals
    left join deals_with_history
        on deals.deal_id = deals_with_history.deal_id
    where deals_with_history.deal_id is null
),

sequenced as (
    select
        entries.*,
        row_number() over (partition by entries.deal_id order by entries.entered_at) as span_number,
        lead(entries.entered_at) over (partition by entries.deal_id order by entries.entered_at) as next_entered_at
    from entries
),

spans as (
    select
        sequenced.deal_id,
        sequenced.span_number,
        sequenced.stage,
        stages.stage_order,
        coalesce(stages.is_closed, false) as is_closed_stage,
        sequenced.span_source,
        deals.owner_id,
        deals.deal_type,
        deals.is_deleted,
        sequenced.entered_at,
        case
            when sequenced.next_entered_at is not null then sequenced.next_entered_at
            when
                not coalesce(stages.is_closed, false)
                and deals.closed_at is not null
                and deals.closed_at >= sequenced.entered_at
                then deals.closed_at
        end as exited_at
    from sequenced
    inner join deals
        on sequenced.deal_id = deals.deal_id
    left join stages
        on sequenced.stage = stages.stage
),

final as (
    select
        deal_id,
        span_number,
        stage,
        stage_order,
        owner_id,
        deal_type,
        span_source,
        case
            when exited_at is not null
                then {{ days_between(local_date('entered_at'), local_date('exited_at')) }}
        end as days_in_stage,
        is_closed_stage,
        is_deleted,
        exited_at is null as is_running,
        entered_at,
        exited_at,
        {{ local_date('entered_at') }} as entered_date,
        {{ local_date('exited_at') }} as exited_date
    from spans
)

select * from final
