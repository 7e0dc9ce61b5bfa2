{{ landed_table('bitrix24', 'deals',
    ['id', 'title', 'opportunity', 'currency_id', 'stage_id', 'assigned_by_id', 'date_create', 'closedate', 'closed'],
    ['category_id', 'company_id', 'lead_id', 'type_id', 'source_id'],
    optional=setting('crm_system') != 'bitrix24') }}
