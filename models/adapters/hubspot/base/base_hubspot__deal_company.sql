{{ landed_table('hubspot', 'deal_company', ['deal_id', 'company_id'], optional=true) }}
