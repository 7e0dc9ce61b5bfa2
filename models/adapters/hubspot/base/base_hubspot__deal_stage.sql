{{ landed_table('hubspot', 'deal_stage', ['deal_id', 'value', 'date_entered'], optional=true) }}
