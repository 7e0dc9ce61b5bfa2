{{ landed_table('amocrm', 'events',
    ['id', 'type', 'entity_id', 'created_at', 'value_after_status_id'], ['value_after_pipeline_id'],
    optional=true) }}
