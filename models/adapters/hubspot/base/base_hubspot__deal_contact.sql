{{ landed_table('hubspot', 'deal_contact', ['deal_id', 'contact_id'], optional=true) }}
