{{ landed_table('stripe', 'invoice',
    ['id', 'customer_id', 'subscription_id', 'created', 'total', 'currency', 'status',
     'period_start', 'period_end'],
    optional=true) }}
