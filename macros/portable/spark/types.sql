{#-
    Spark spelling of the portable type names the project writes (contracts, seeds, casts).
    Spark has no `text`, no `varchar` without a length and no `double precision`; its
    `timestamp` is an instant shown in the session time zone (UTC in the `spark` output).
-#}
{% macro spark_type(data_type) -%}
    {%- set name = ' '.join((data_type | string).strip().lower().split()) -%}
    {%- set renamed = {
        'text': 'string',
        'varchar': 'string',
        'character varying': 'string',
        'double precision': 'double',
        'timestamp with time zone': 'timestamp',
        'timestamp without time zone': 'timestamp',
    } -%}
    {{- renamed.get(name, data_type) -}}
{%- endmacro %}

{#- dbt's cast: the contract check casts null to each declared type to learn its schema. -#}
{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ spark_type(type) }})
{%- endmacro %}

