{{ landed_table('hubspot', 'product',
    ['id', 'property_name'],
    ['property_hs_product_family'],
    optional=true) }}
