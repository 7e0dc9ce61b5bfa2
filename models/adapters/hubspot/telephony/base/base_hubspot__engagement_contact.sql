{{ landed_table('hubspot', 'engagement_contact', ['engagement_id', 'contact_id'], optional=true) }}
