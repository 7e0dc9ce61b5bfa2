{{ landed_table('hubspot', 'line_item',
    ['id'],
    ['product_id', 'property_hs_product_id', 'property_amount', 'property_price', 'property_quantity',
     'deal_id', 'is_deleted', '_fivetran_deleted'],
    optional=true) }}
