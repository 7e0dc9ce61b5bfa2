{{ landed_table('bitrix24', 'companies',
    ['id', 'title', 'date_create', 'assigned_by_id'], ['industry'], optional=true) }}
