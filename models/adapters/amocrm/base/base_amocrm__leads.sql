{{ landed_table('amocrm', 'leads',
    ['id', 'name', 'price', 'responsible_user_id', 'pipeline_id', 'status_id', 'created_at', 'closed_at'],
    ['loss_reason_id', 'is_deleted', 'company_id', 'contact_id', 'utm_source'],
    optional=setting('crm_system') != 'amocrm') }}
