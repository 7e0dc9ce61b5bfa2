{{ landed_table('hubspot', 'engagement_call',
    ['engagement_id', 'property_hs_call_direction', 'property_hs_call_duration',
     'property_hs_call_status', 'property_hs_call_disposition'],
    ['property_hs_call_to_number', 'property_hs_call_from_number']) }}
