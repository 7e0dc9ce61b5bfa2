{#-
    Which contract tables a source adapter feeds, and the hook raw_relation() calls first.

    source_system(source): the system the settings name for a contract source (crm_system,
    billing_system, telephony_system; market is always the contract).

    adapter_feeds(system, source): contract table -> the adapter models that can feed it, in
    order of preference, each with the landed table it needs (none: always). A contract table
    of the source that no candidate feeds is read from the contract's own file / raw table
    beside the system's tables when present, else it is empty (fx rates beside Stripe, call
    scores beside Salesforce tasks, ...).
-#}
{% macro source_system(source_name) %}
    {%- if source_name in ['crm', 'billing', 'telephony'] -%}
        {{ return(setting(source_name ~ '_system')) }}
    {%- endif -%}
    {{ return('contract') }}
{% endmacro %}

{% macro adapter_feeds(system, source_name) %}
    {%- set feeds = {} -%}
    {%- if source_name == 'crm' and system == 'salesforce' -%}
        {%- set products = [('adp_salesforce__crm_products', 'product_2')] -%}
        {%- if setting('billing_system') == 'stripe' -%}
            {%- do products.append(('adp_stripe__crm_products', 'product')) -%}
        {%- endif -%}
        {%- set feeds = {
            'users': [('adp_salesforce__crm_users', none)],
            'leads': [('adp_salesforce__crm_leads', none)],
            'accounts': [('adp_salesforce__crm_accounts', none)],
            'deals': [('adp_salesforce__crm_deals', none)],
            'deal_stage_history': [('adp_salesforce__crm_deal_stage_history', none)],
            'pipeline_stages': [('adp_salesforce__crm_pipeline_stages', none)],
            'quotas': [('adp_salesforce__crm_quotas', 'forecasting_quota')],
            'products': products,
        } -%}
    {%- elif source_name == 'crm' and system == 'hubspot' -%}
        {%- set products = [('adp_hubspot__crm_products', 'product')] -%}
        {%- if setting('billing_system') == 'stripe' -%}
            {%- do products.append(('adp_stripe__crm_products', 'product')) -%}
        {%- endif -%}
        {%- set feeds = {
            'users': [('adp_hubspot__crm_users', none)],
            'leads': [('adp_hubspot__crm_leads', none)],
            'accounts': [('adp_hubspot__crm_accounts', none)],
            'deals': [('adp_hubspot__crm_deals', none)],
            'deal_stage_history': [('adp_hubspot__crm_deal_stage_history', none)],
            'pipeline_stages': [('adp_hubspot__crm_pipeline_stages', none)],
            'products': products,
        } -%}
    {%- elif source_name == 'telephony' and system == 'hubspot' -%}
        {%- set feeds = {'calls': [('adp_hubspot__telephony_calls', none)]} -%}
    {%- elif source_name == 'telephony' and system == 'salesforce' -%}
        {%- set feeds = {'calls': [('adp_salesforce__telephony_calls', none)]} -%}
    {%- elif source_name == 'crm' and system in ['amocrm', 'bitrix24'] -%}
        {%- set feeds = {} -%}
        {%- for table in ['users', 'leads', 'accounts', 'deals', 'deal_stage_history', 'pipeline_stages'] -%}
            {%- do feeds.update({table: [('adp_' ~ system ~ '__crm_' ~ table, none)]}) -%}
        {%- endfor -%}
        {%- if system == 'amocrm' -%}
            {#- Incoming requests are the leads when landed; else each contact's first deal. -#}
            {%- do feeds.update({'leads': [('adp_amocrm__crm_unsorted_leads', 'unsorted'), ('adp_amocrm__crm_leads', none)]}) -%}
        {%- endif -%}
        {%- if setting('billing_system') == 'stripe' -%}
            {%- do feeds.update({'products': [('adp_stripe__crm_products', 'product')]}) -%}
        {%- endif -%}
    {%- elif source_name == 'telephony' and system in ['amocrm', 'bitrix24'] -%}
        {%- set feeds = {'calls': [('adp_' ~ system ~ '__telephony_calls', none)]} -%}
    {%- elif source_name == 'billing' and system == 'stripe' -%}
        {%- set feeds = {
            'customers': [('adp_stripe__billing_customers', none)],
            'plans': [('adp_stripe__billing_plans', none)],
            'subscriptions': [('adp_stripe__billing_subscriptions', none)],
            'subscription_items': [('adp_stripe__billing_subscription_items', none)],
            'invoices': [('adp_stripe__billing_invoices', none)],
        } -%}
    {%- endif -%}
    {{ return(feeds) }}
{% endmacro %}

{#- The system a landed table belongs to, from the adapter model's name (adp_<system>__...). -#}
{% macro _adapter_model_system(model_name) %}
    {{ return(model_name[4:].split('__')[0]) }}
{% endmacro %}

{#-
    adapted_raw_relation(source, table): what raw_relation returns for a contract table when its
    source is fed by a system other than the contract, or none to read the contract table as
    usual. The adapter model already has every contract column as text plus _row_number (one row
    per source row), so staging and the ledger above it are unchanged.
-#}
{% macro adapted_raw_relation(source_name, table_name) %}
    {%- set system = source_system(source_name) -%}
    {%- if system == 'contract' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set candidates = adapter_feeds(system, source_name).get(table_name, []) -%}
    {%- set models = {} -%}
    {%- for model_name, needs in candidates -%}
        {#- ref() at parse time too, so that dbt runs the adapter model first. -#}
        {%- do models.update({model_name: ref(model_name)}) -%}
    {%- endfor -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}

    {%- set full_name = source_name ~ '__' ~ table_name -%}
    {%- set columns = _raw_source_node(source_name, full_name).columns.values() | map(attribute='name') | list -%}
    {%- for model_name, needs in candidates -%}
        {%- if needs is none or locate_landed_table(_adapter_model_system(model_name), needs) is not none -%}
            {{ return('(select ' ~ columns | join(', ') ~ ', _row_number, cast(null as ' ~ dbt.type_string() ~ ') as _row_error from ' ~ models[model_name] ~ ') as raw_source') }}
        {%- endif -%}
    {%- endfor -%}

    {#- Not fed by the system: the contract's own table beside it, optional. -#}
    {%- set raw_dir = setting('raw_data_dir') -%}
    {%- if raw_dir -%}
        {%- set present = adapter.dispatch('locate_raw_file', 'sales_kpi')(raw_dir, full_name) -%}
    {%- else -%}
        {%- set src = source(source_name, full_name) -%}
        {%- set present = adapter.get_relation(database=src.database, schema=src.schema, identifier=src.identifier) -%}
    {%- endif -%}
    {%- if present -%}
        {{ return(none) }}
    {%- endif -%}
    {{ log("The " ~ system ~ " adapter does not feed " ~ full_name ~ " and no contract table of that name is beside it: it counts as empty.", info=true) }}
    {{ return(_empty_raw_relation(_raw_source_node(source_name, full_name).columns.values() | list) ~ ' as raw_source') }}
{% endmacro %}
