{{ landed_table('salesforce', 'lead',
    ['id', 'created_date', 'owner_id', 'lead_source', 'status', 'is_converted', 'converted_date',
     'converted_account_id', 'converted_opportunity_id', 'company', 'email', 'phone', 'is_deleted'],
    optional=true) }}
