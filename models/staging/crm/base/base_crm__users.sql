with

source as (
    select * from {{ raw_relation('crm', 'users') }}
),

parsed as (
    select
        _row_number,
        {{ parse_contract_columns('crm', 'users', lower=['role']) }}
    from source
),

row_checked as (
    select
        *,
        {{ first_reason(contract_rules('crm', 'users') + [
            enumeration_rule('crm', 'users', 'role'),
            ('left_on < hired_on', 'left before hired'),
        ]) }} as row_reason
    from parsed
),

key_ranked as (
    select
        *,
        {{ key_rank(contract_key('crm', 'users')) }} as key_rank
    from row_checked
),

managers as (
    select user_id from key_ranked
    where row_reason is null and key_rank = 1
),

final as (
    select
        key_ranked._row_number,
        {{ record_key(contract_key('crm', 'users')) }} as record_key,
        key_ranked.user_id,
        key_ranked.email_hash,
        key_ranked.role,
        case when managers.user_id is not null then key_ranked.manager_id end as manager_id,
        key_ranked.team,
        key_ranked.hired_on,
        key_ranked.left_on,
        coalesce(
            key_ranked.row_reason,
            case when key_ranked.key_rank > 1 then 'duplicate key' end
        ) as rejection_reason,
        case when key_ranked.manager_id is not null and managers.user_id is null then 1 else 0 end
            as links_dropped
    from key_ranked
    left join managers
        on key_ranked.manager_id = managers.user_id
)

select * from final
