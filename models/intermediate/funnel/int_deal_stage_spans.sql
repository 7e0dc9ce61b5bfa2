{#- The stretches of time each deal spent in each stage, from stage history. A deal with no
    history rows is taken to have been in its current stage since it was created. A span ends
    when the next stage is entered; the last span of an open stage ends when the deal closed
    (history that misses the closing entry), else it is still running.
    Incremental (DuckDB, Postgres): a run rebuilds the spans of the deals whose fingerprint
    (what the spans read of the deal and of its history) differs from the one built, and of
    new deals (models/docs/incremental.md). -#}
{{ config(
    materialized=fact_materialization(),
    unique_key='deal_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
) }}
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

history_per_deal as (
    select
        deal_id,
        count(*) as history_rows,
        min(entered_at) as first_entered_at,
        max(entered_at) as last_entered_at
    from history
    group by deal_id
),

deals_fingerprinted as (
    select
        deals.deal_id,
        history_per_deal.deal_id is not null as has_history,
        {{ deal_span_fingerprint('deals', 'history_per_deal') }} as deal_fingerprint
    from deals
    left join history_per_deal
        on deals.deal_id = history_per_deal.deal_id
),

deals_in_scope as (
    select deals_fingerprinted.*
    from deals_fingerprinted
    {%- if is_incremental() %}
    left join (select distinct deal_id, deal_fingerprint from {{ this }}) as built
        on
            deals_fingerprinted.deal_id = built.deal_id
            and deals_fingerprinted.deal_fingerprint = built.deal_fingerprint
    where built.deal_id is null
    {%- endif %}
),

entries as (
    select
        history.deal_id,
        history.stage,
        history.entered_at,
        'history' as span_source,
        deals_in_scope.deal_fingerprint
    from history
    inner join deals_in_scope
        on history.deal_id = deals_in_scope.deal_id
    union all
    select
        deals.deal_id,
        deals.stage,
        deals.created_at as entered_at,
        'current_stage' as span_source,
        deals_in_scope.deal_fingerprint
    from deals
    inner join deals_in_scope
        on deals.deal_id = deals_in_scope.deal_id
    where not deals_in_scope.has_history
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
        sequenced.deal_fingerprint,
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
        {{ local_date('exited_at') }} as exited_date,
        deal_fingerprint
    from spans
)

select * from final
