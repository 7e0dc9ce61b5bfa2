{{ landed_table('stripe', 'discount',
    ['id', 'subscription_id', 'coupon_id', ('start', 'discount_start'), ('end', 'discount_end')],
    ['subscription_item'], optional=true) }}
