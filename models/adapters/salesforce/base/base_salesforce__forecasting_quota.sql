{{ landed_table('salesforce', 'forecasting_quota',
    ['quota_owner_id', 'start_date', 'quota_amount'], ['currency_iso_code'], optional=true) }}
