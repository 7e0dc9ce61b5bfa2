{{ landed_table('stripe', 'product',
    ['id', 'name'], [(setting('stripe_family_field'), 'family')], optional=true) }}
