{{ landed_table('hubspot', 'owner',
    ['owner_id', 'first_name', 'last_name', 'email', 'created_at', 'is_active'],
    optional=setting('crm_system') != 'hubspot') }}
