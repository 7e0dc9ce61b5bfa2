{{ landed_table('amocrm', 'statuses',
    ['pipeline_id', 'status_id', 'name', 'sort'], optional=setting('crm_system') != 'amocrm') }}
