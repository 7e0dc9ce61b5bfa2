{#- Salesforce leads -> crm__leads. channel: lead_source through the setting
    lead_source_channels (an unmapped or empty source passes through and is rejected in
    staging); source: lead_source lower-cased with underscores ('Cold Call' -> cold_call).
    status: converted when is_converted, else Salesforce's standard lead statuses mapped (an
    unmapped status passes through and is rejected). converted_at: ConvertedDate is a date:
    on the day the lead was created it reads as the lead's creation time, not midnight. -#}
with

leads as (
    select * from {{ ref('base_salesforce__lead') }}
),

final as (
    select
        id as lead_id,
        created_date as created_at,
        {{ mapped_text('lead_source', setting('lead_source_channels')) }} as channel,
        replace(lower(trim(lead_source)), ' ', '_') as source,
        owner_id,
        case
            when {{ parse_boolean('is_converted') }} then 'converted'
            else {{ mapped_text('status', salesforce_lead_statuses()) }}
        end as status,
        cast(null as {{ dbt.type_string() }}) as disqualified_reason,
        case
            when not {{ parse_boolean('is_converted') }} or {{ parse_boolean('is_converted') }} is null then null
            else {{ date_not_before_created('converted_date', 'created_date') }}
        end as converted_at,
        converted_account_id as account_id,
        company as company_name,
        email as contact_email,
        phone as contact_phone,
        is_deleted,
        _row_number
    from leads
)

select * from final
