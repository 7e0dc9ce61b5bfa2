{{ landed_table('hubspot', 'deal_property_history',
    ['deal_id', 'name', 'value', ('timestamp', 'changed_at')], optional=true) }}
