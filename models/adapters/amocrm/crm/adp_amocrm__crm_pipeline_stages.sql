{#- amoCRM statuses -> crm__pipeline_stages. The stage is the status_id; 142 (won) and 143
    (lost) are the closed stages, and they appear once per pipeline with the same id: one
    stage each (the first row; the repeats are the same stage, not duplicates to reject).
    amoCRM stages have no probability: the setting stage_probabilities gives it (stages not
    in it: 0); won 1, lost 0. stage_order: the status's sort. -#}
with

statuses as (
    select * from {{ ref('base_amocrm__statuses') }}
),

numbered as (
    select
        *,
        row_number() over (partition by trim(status_id) order by _row_number) as status_rank
    from statuses
),

final as (
    select
        trim(status_id) as stage,
        sort as stage_order,
        case
            when trim(status_id) = '142' then '1'
            when trim(status_id) = '143' then '0'
            else {{ stage_probability_text('status_id') }}
        end as probability,
        case when trim(status_id) in ('142', '143') then 'true' else 'false' end as is_closed,
        case when trim(status_id) = '142' then 'true' else 'false' end as is_won,
        cast(null as {{ dbt.type_string() }}) as forecast_category,
        _row_number
    from numbered
    where status_rank = 1 or trim(status_id) not in ('142', '143')
)

select * from final
