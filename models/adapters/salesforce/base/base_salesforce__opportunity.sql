{{ landed_table('salesforce', 'opportunity',
    ['id', 'account_id', 'owner_id', 'type', 'stage_name', 'amount', 'close_date', 'created_date',
     'is_closed', 'is_won', 'is_deleted', 'probability', 'forecast_category_name'],
    ['currency_iso_code', 'loss_reason', 'lead_id'], optional=setting('crm_system') != 'salesforce') }}
