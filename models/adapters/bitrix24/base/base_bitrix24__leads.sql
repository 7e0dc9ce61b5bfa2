{{ landed_table('bitrix24', 'leads',
    ['id', 'date_create', 'assigned_by_id', 'source_id', 'status_id', 'status_semantic_id'],
    ['company_id', 'company_title', 'date_closed'], optional=true) }}
