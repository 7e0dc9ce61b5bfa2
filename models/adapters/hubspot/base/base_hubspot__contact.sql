{{ landed_table('hubspot', 'contact',
    ['id', 'property_createdate', 'property_hubspot_owner_id', 'property_hs_analytics_source',
     'property_lifecyclestage', 'property_hs_lead_status'],
    ['property_associatedcompanyid', 'property_hs_lead_disqualification_reason',
     'property_hs_lifecyclestage_customer_date', 'property_company', 'property_email', 'property_phone',
     'is_deleted', '_fivetran_deleted'],
    optional=true) }}
