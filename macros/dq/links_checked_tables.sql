{#- The raw tables (<source>__<table>) whose rows are also checked against other tables, in
    models/links_checked/: each has a checked_ model (every row that passed staging, with
    the first link it breaks) and a linked_ model (the used rows). The ledger reads them. -#}
{% macro links_checked_tables() %}
    {{ return([
        'crm__leads', 'crm__accounts', 'crm__deals', 'crm__deal_stage_history', 'crm__quotas',
        'billing__customers', 'billing__plans', 'billing__subscriptions',
        'billing__subscription_items', 'billing__invoices',
        'telephony__calls', 'telephony__call_scores', 'market__competitor_prices',
    ]) }}
{% endmacro %}
