{{ landed_table('bitrix24', 'users',
    ['id', 'name', 'last_name', 'email', 'active'], ['uf_department', 'date_register'],
    optional=setting('crm_system') != 'bitrix24') }}
