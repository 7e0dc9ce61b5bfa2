{{ landed_table('amocrm', 'notes',
    ['id', 'note_type', 'entity_id', 'entity_type', 'responsible_user_id', 'created_at', 'duration', 'call_status'],
    ['phone'], optional=setting('telephony_system') != 'amocrm') }}
