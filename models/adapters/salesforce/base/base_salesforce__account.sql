{{ landed_table('salesforce', 'account',
    ['id', 'name', 'industry', 'billing_country', 'owner_id', 'created_date', 'is_deleted'],
    optional=true) }}
