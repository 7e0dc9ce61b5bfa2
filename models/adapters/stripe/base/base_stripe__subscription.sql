{{ landed_table('stripe', 'subscription',
    ['id', 'customer_id', 'status', 'created', 'start_date', 'canceled_at', 'ended_at']) }}
