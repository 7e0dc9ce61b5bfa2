{{ landed_table('salesforce', 'task',
    ['id', 'owner_id', 'who_id', 'what_id', 'created_date', 'call_type', 'call_duration_in_seconds',
     'call_disposition', 'is_deleted'],
    ['activity_date', 'task_subtype']) }}
