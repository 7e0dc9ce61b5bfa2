{#- Every raw table of the contract, as <source>__<table>. Rendered by
    scripts/contract_spec.py from the raw data contract: edit that file, not this one. -#}
{% macro raw_tables() %}
    {{ return(['crm__users', 'crm__leads', 'crm__accounts', 'crm__deals', 'crm__deal_stage_history', 'crm__pipeline_stages', 'crm__products', 'crm__quotas', 'billing__customers', 'billing__plans', 'billing__subscriptions', 'billing__subscription_items', 'billing__invoices', 'billing__fx_rates', 'telephony__calls', 'telephony__call_scores', 'market__competitor_prices']) }}
{% endmacro %}
