{{ landed_table('salesforce', 'opportunity_line_item',
    ['opportunity_id', 'product_2_id', 'total_price'], optional=true) }}
