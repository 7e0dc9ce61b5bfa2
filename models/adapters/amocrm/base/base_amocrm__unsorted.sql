{{ landed_table('amocrm', 'unsorted',
    ['uid', 'created_at'],
    ['source_uid', 'source_name', 'category', 'pipeline_id', 'lead_id', 'contact_id', 'company_id',
     'responsible_user_id'],
    optional=true) }}
