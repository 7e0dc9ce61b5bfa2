{{ landed_table('stripe', 'plan',
    ['id', 'product_id', 'amount', 'currency', 'interval', 'interval_count', 'active', 'created'],
    ['nickname'], optional=true) }}
