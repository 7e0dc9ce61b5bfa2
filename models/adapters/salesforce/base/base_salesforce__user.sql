{{ landed_table('salesforce', 'user',
    ['id', 'name', 'email', 'manager_id', 'user_role_id', 'is_active', 'created_date'], optional=setting('crm_system') != 'salesforce') }}
