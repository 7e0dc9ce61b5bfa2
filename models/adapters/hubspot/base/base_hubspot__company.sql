{{ landed_table('hubspot', 'company',
    ['id', 'property_name', 'property_industry', 'property_country', 'property_createdate',
     'property_hubspot_owner_id'],
    optional=true) }}
