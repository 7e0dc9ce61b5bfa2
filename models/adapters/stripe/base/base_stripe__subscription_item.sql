{{ landed_table('stripe', 'subscription_item',
    ['id', 'subscription_id', 'quantity', 'created'], ['price_id', 'plan_id']) }}
