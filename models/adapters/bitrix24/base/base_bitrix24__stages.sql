{{ landed_table('bitrix24', 'stages',
    ['status_id', 'name', 'sort', 'semantics'], ['entity_id', 'category_id'],
    optional=setting('crm_system') != 'bitrix24') }}
