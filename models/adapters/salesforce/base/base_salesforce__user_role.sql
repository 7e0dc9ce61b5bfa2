{{ landed_table('salesforce', 'user_role',
    ['id', 'name'], ['parent_role_id'], optional=true) }}
