{{ landed_table('salesforce', 'opportunity_stage',
    ['master_label', 'sort_order', 'default_probability', 'is_closed', 'is_won', 'forecast_category_name'],
    optional=true) }}
