{{ landed_table('amocrm', 'users',
    ['id', 'name', 'email'], ['group_name', 'is_active'], optional=setting('crm_system') != 'amocrm') }}
