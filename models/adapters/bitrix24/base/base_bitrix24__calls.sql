{{ landed_table('bitrix24', 'calls',
    ['call_id', 'portal_user_id', 'call_type', 'call_start_date', 'call_duration', 'call_failed_code'],
    ['crm_entity_type', 'crm_entity_id', 'phone_number'], optional=setting('telephony_system') != 'bitrix24') }}
