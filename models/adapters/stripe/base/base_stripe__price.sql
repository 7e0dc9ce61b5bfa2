{#- price is required unless the legacy plan table was landed instead. -#}
{{ landed_table('stripe', 'price',
    ['id', 'product_id', 'unit_amount', 'currency', 'recurring_interval', 'recurring_interval_count',
     'active', 'created'],
    ['nickname'], optional=(execute and locate_landed_table('stripe', 'plan') is not none)) }}
