{{ landed_table('hubspot', 'deal',
    ['deal_id', 'owner_id', 'deal_pipeline_id', 'deal_pipeline_stage_id', 'property_amount',
     'property_createdate', 'property_closedate', 'property_dealtype', 'is_deleted'],
    ['property_deal_currency_code', 'property_closed_lost_reason'],
    optional=setting('crm_system') != 'hubspot') }}
