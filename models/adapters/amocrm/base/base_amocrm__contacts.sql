{{ landed_table('amocrm', 'contacts',
    ['id', 'name', 'created_at', 'responsible_user_id'], ['company_id'], optional=true) }}
