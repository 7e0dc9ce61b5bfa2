{#-
    Incremental daily runs of the large call facts (int_call_scores_latest, int_calls_enriched,
    kpi_call_quality; see models/docs/incremental.md).

    A run that is not a full refresh rebuilds only the rows whose event time falls in the
    lookback window: on or after (the latest such time already in the model − the setting
    incremental_lookback_days days). Each model keys its rows (unique_key) and replaces them
    with delete+insert, a strategy DuckDB and Postgres both have. The watermark is read from
    the model itself, so a run that failed half-way is caught up by the next one.
-#}

{#- The materialization of an incremental fact on this engine: `incremental` where
    delete+insert exists (DuckDB, Postgres), `table` elsewhere (Spark in session mode with
    Parquet tables has no delete: every run there is a full rebuild). -#}
{% macro fact_materialization() -%}
    {{ return(adapter.dispatch('fact_materialization', 'sales_kpi')()) }}
{%- endmacro %}

{% macro default__fact_materialization() -%}
    {{ return('table') }}
{%- endmacro %}

{% macro duckdb__fact_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro postgres__fact_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{#- True for a row whose `column` is in the lookback window of an incremental run: on or
    after the latest `watermark_column` already in the model ({{ this }}) minus
    incremental_lookback_days days. When the model holds no such value yet (empty, or no value
    set), every row is in the window. Use only inside `if is_incremental()`. -#}
{% macro in_lookback_window(column, watermark_column=none) -%}
    {%- set watermark = 'max(' ~ (watermark_column or column) ~ ')' -%}
    {%- set days = setting('incremental_lookback_days') -%}
    (
        {{ column }} >= (
            select {{ dbt.dateadd('day', -days, watermark) }}
            from {{ this }}
        )
        or (select {{ watermark }} from {{ this }}) is null
    )
{%- endmacro %}
