{{ landed_table('stripe', 'customer',
    ['id', 'created', 'currency'],
    ['email', (setting('stripe_account_id_field'), 'crm_account_id')]) }}
