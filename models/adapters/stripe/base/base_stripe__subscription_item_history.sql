{#- Fivetran's history mode lands one row per version of an item, with the version's span in
    _fivetran_start / _fivetran_end (and _fivetran_active on the current one). -#}
{{ landed_table('stripe', 'subscription_item_history',
    ['id', 'subscription_id', 'quantity', 'created', '_fivetran_start'],
    ['price_id', 'plan_id', '_fivetran_end', '_fivetran_active'], optional=true) }}
