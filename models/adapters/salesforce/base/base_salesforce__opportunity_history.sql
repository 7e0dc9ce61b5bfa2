{{ landed_table('salesforce', 'opportunity_history',
    ['opportunity_id', 'created_date', 'stage_name'], optional=true) }}
