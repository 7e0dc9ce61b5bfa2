{#- Findings about the shape of the raw exports, not their rows: nullable columns a file lacks
    (read as null), extra columns (ignored), and person ids that were e-mail addresses or
    phone numbers (pseudonymised in staging). The column findings are read from the files
    when the model compiles (read_raw_table, the same reader staging uses). With amoCRM or
    Bitrix24, also the open stages the setting stage_probabilities does not name (probability
    0: stage_probability_findings). -#}
{%- for table in raw_tables() -%}
{%- do ref('base_' ~ table) -%}
{%- endfor -%}
{%- set column_findings = [] -%}
{%- for table in raw_tables() -%}
{%- set source_name = table.split('__')[0] -%}
{%- do source(source_name, table) -%}
{%- if execute -%}
{%- for finding in read_raw_table(source_name, table).findings -%}
{%- do column_findings.append((table, finding.column, finding.kind)) -%}
{%- endfor -%}
{%- endif -%}
{%- endfor -%}
{%- set pseudonymised = [] -%}
{%- if execute -%}
{%- for node in graph.sources.values() if node.name in raw_tables() -%}
{%- for column in node.columns.values() if column.meta.get('pseudonymise', false) -%}
{%- do pseudonymised.append((node.name, column.name)) -%}
{%- endfor -%}
{%- endfor -%}
{%- endif -%}
with

column_findings as (
    {%- for table, column_name, finding in column_findings %}
    select
        {{ sql_string(table) }} as source_table,
        {{ sql_string(column_name) }} as column_name,
        {{ sql_string(finding) }} as finding
    union all
    {%- endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as source_table,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as finding
    where 1 = 0
),

pseudonymised_ids as (
    {%- for table, column_name in pseudonymised %}
    select
        {{ sql_string(table) }} as source_table,
        {{ sql_string(column_name) }} as column_name,
        'pseudonymised ids' as finding
    from {{ ref('base_' ~ table) }}
    where {{ column_name }} like 'pseudonym-%'
    having count(*) > 0
    union all
    {%- endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as source_table,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as finding
    where 1 = 0
),

stage_probabilities_missing as (
    {{ stage_probability_findings() }}
),

unioned as (
    select * from column_findings
    union all
    select * from pseudonymised_ids
    union all
    select * from stage_probabilities_missing
),

final as (
    select
        source_table,
        column_name,
        finding
    from unioned
)

select * from final
