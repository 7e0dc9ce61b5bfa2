{{ landed_table('amocrm', 'companies',
    ['id', 'name', 'created_at', 'responsible_user_id'], optional=true) }}
