{{ landed_table('stripe', 'coupon',
    ['id', 'percent_off', 'amount_off', 'currency', 'duration'], optional=true) }}
