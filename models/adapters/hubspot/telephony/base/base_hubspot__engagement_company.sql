{{ landed_table('hubspot', 'engagement_company', ['engagement_id', 'company_id'], optional=true) }}
