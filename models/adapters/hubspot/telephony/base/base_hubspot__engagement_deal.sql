{{ landed_table('hubspot', 'engagement_deal', ['engagement_id', 'deal_id'], optional=true) }}
