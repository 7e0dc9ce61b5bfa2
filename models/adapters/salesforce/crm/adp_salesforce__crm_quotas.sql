{#- Salesforce ForecastingQuota -> crm__quotas (used only when forecasting_quota was landed;
    otherwise a crm__quotas file beside the Salesforce tables is read). The currency is
    currency_iso_code, or salesforce_currency in a single-currency org. -#}
with

quotas as (
    select * from {{ ref('base_salesforce__forecasting_quota') }}
),

final as (
    select
        quota_owner_id as user_id,
        {{ landed_date('start_date') }} as month,
        quota_amount,
        coalesce({{ nullif_blank('currency_iso_code') }}, '{{ setting("salesforce_currency") }}') as currency,
        _row_number
    from quotas
)

select * from final
