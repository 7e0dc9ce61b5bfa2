{{ landed_table('bitrix24', 'stage_history',
    ['owner_id', 'stage_id', 'created_time', 'type_id'], ['id'], optional=true) }}
