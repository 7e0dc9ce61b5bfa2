{{ landed_table('salesforce', 'product_2',
    ['id', 'name', 'family'], optional=true) }}
