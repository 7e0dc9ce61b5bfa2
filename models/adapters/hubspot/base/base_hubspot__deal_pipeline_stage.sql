{{ landed_table('hubspot', 'deal_pipeline_stage',
    ['stage_id', 'label', 'display_order', 'probability'],
    ['pipeline_id', 'is_closed', 'closed_won'],
    optional=setting('crm_system') != 'hubspot') }}
