{{ landed_table('hubspot', 'engagement', ['id', 'type', 'owner_id', ('timestamp', 'occurred_at')], optional=true) }}
