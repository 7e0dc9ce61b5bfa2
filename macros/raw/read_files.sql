{#-
    Reading a folder of exports on DuckDB: finding a table's file, and reading CSV text.

    Paths are data: every path reaches SQL through glob_literal (its glob characters * ? [
    escaped as one-character classes, its quotes doubled), so a folder named `a'b [x]*` is
    read as exactly that folder and no path can add SQL.

    CSV files are split into records here, in SQL, rather than by read_csv: a row that cannot
    be split (a stray quote, too few or too many fields) must become one rejected row
    (`unparseable row`), never a stop of the whole file nor records silently merged or lost.
    The rules (documented in DECISIONLOG.md):
    - text is UTF-8 (a BOM is dropped); under raw_csv_dialect ru, a file that is not valid
      UTF-8 is read as Windows-1251;
    - line ends are LF, CRLF or CR; blank lines are not records; a first line `sep=;` (Excel)
      is neither header nor record;
    - a header field with no name is an unnamed extra column, `(unnamed column <position>)`;
    - the delimiter is detected per file from the header line: a tab when it holds more tabs
      than commas and semicolons (Excel's "tab-delimited text", saved with a .csv name), else
      `;` when it holds more semicolons than commas, else `,`;
    - a field is either plain text without the delimiter or a quote at its start, or a quoted
      text ("" is a quote) that may hold delimiters and line breaks;
    - lines are joined into one record while a quote is open; when the joined record is not a
      valid row with the header's number of fields, its first line (the one with the stray
      quote) is a record of its own and every line after it is grouped again (up to eight
      stray quotes per file; after that each remaining line is a record of its own), so a
      stray quote costs its own row, never the rows after it;
    - a record that is not a valid row with exactly the header's number of fields is kept with
      `_row_error` set, and staging rejects it as `unparseable row`.
-#}

{#- A path as an SQL string literal that DuckDB's file functions read literally. -#}
{% macro glob_literal(path) -%}
    {{- sql_string((path | string).replace('[', '[[]').replace('*', '[*]').replace('?', '[?]')) -}}
{%- endmacro %}

{#- The folder's files, as full paths (sorted). -#}
{% macro _raw_folder_files(raw_dir) %}
    {%- set folder = raw_dir.rstrip('/') if raw_dir.rstrip('/') else '/' -%}
    {%- set pattern_sql = glob_literal(folder) ~ " || '/*'" -%}
    {%- set listed = run_query("select file from glob(" ~ pattern_sql ~ ") order by file") -%}
    {{ return(listed.columns[0].values() | list) }}
{% endmacro %}

{% macro duckdb__check_raw_data_dir(raw_dir) %}
    {%- if _raw_folder_files(raw_dir) | length == 0 -%}
        {{ exceptions.raise_compiler_error("Invalid setting raw_data_dir: the folder " ~ raw_dir ~ " does not exist or holds no files. Give the folder that holds the <source>__<table>.csv or .parquet exports, or leave raw_data_dir unset to read the bundled seeds.") }}
    {%- endif -%}
{% endmacro %}

{#- locate_raw_file(raw_dir, full_name) -> {label, sql, ...} or none when the folder has no
    file for the table. The extension may be in any case; a .csv and a .parquet for the same
    table stop the run (which one is the export is not ours to guess). -#}
{% macro duckdb__locate_raw_file(raw_dir, full_name) %}
    {%- set path = _find_raw_file(raw_dir, full_name) -%}
    {%- if not path -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if (path | lower).endswith('.parquet') -%}
        {#- Parquet's own row position (file_row_number, 0-based) numbers the rows: no window
            over the whole file, so the scan stays parallel. -#}
        {{ return({'label': path, 'sql': _parquet_relation(path), 'row_number_column': 'file_row_number + 1', 'internal_columns': ['file_row_number']}) }}
    {%- endif -%}
    {{ return(_csv_relation(path)) }}
{% endmacro %}

{#- The path of a table's file in the folder, or none (the file is not read here). The folder
    is listed once: an empty or missing folder stops the run as check_raw_data_dir does. -#}
{% macro _find_raw_file(raw_dir, full_name) %}
    {%- set files = _raw_folder_files(raw_dir) -%}
    {%- if files | length == 0 -%}
        {%- do duckdb__check_raw_data_dir(raw_dir) -%}
    {%- endif -%}
    {%- set found = [] -%}
    {%- set other_forms = [] -%}
    {%- for path in files -%}
        {%- set file_name = path.replace('\\', '/').split('/')[-1] | lower -%}
        {%- if file_name in [full_name ~ '.csv', full_name ~ '.parquet'] -%}
            {%- do found.append(path) -%}
        {%- elif file_name.startswith(full_name ~ '.') -%}
            {%- do other_forms.append(path) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if found | length > 1 -%}
        {{ exceptions.raise_compiler_error("Cannot read " ~ full_name ~ ": the folder holds " ~ (found | join(' and ')) ~ "; keep exactly one file per table.") }}
    {%- endif -%}
    {#- The table's export in a form the reader does not take (crm__deals.csv.gz, .xlsx, .zip):
        a stop, never a table read as missing (an optional one would count as empty). -#}
    {%- if not found and other_forms -%}
        {{ exceptions.raise_compiler_error("Cannot read " ~ (other_forms | join(' and ')) ~ ": a table's export must be a .csv or .parquet file named " ~ full_name ~ ".csv or " ~ full_name ~ ".parquet (unpack or convert it).") }}
    {%- endif -%}
    {{ return(found[0] if found else none) }}
{% endmacro %}

{#- A Parquet file's columns as they are: typed columns keep their types (raw_relation uses
    those that fit the contract directly, typed_input.sql) and the dialect applies to the text
    staging reads (typed_input_as_text writes a typed number that takes the text path in the
    dialect's form). -#}
{% macro _parquet_relation(path) %}
    {{ return('(select * from read_parquet(' ~ glob_literal(path) ~ ', file_row_number = true))') }}
{% endmacro %}

{% macro duckdb__raw_file_columns(relation_sql) %}
    {%- set described = run_query("describe select * from " ~ relation_sql) -%}
    {{ return(described.columns[0].values() | list) }}
{% endmacro %}

{#- The file's text as one string (UTF-8; Windows-1251 under raw_csv_dialect ru). -#}
{% macro _csv_text_sql(path, encoding) -%}
    {%- if encoding == 'utf-8' -%}
        (select decode(content) as content from read_blob({{ glob_literal(path) }}))
    {%- else -%}
        {#- A blob cast to text writes every non-ASCII byte (and the backslash) as \xHH: each
            such token becomes its Windows-1251 character. -#}
        (select array_to_string(list_transform(
            regexp_extract_all(content::varchar, '\\x[0-9A-F]{2}|[^\\]'),
            lambda token: case when length(token) = 4
                then chr(({{ _cp1251_code_points() }})[('0x' || substr(token, 3, 2))::integer + 1])
                else token end
        ), '') as content from read_blob({{ glob_literal(path) }}))
    {%- endif -%}
{%- endmacro %}

{% macro _cp1251_code_points() -%}
    [{% for code in range(128) %}{{ code }}, {% endfor %}1026, 1027, 8218, 1107, 8222, 8230, 8224, 8225, 8364, 8240, 1033, 8249, 1034, 1036, 1035, 1039, 1106, 8216, 8217, 8220, 8221, 8226, 8211, 8212, 65533, 8482, 1113, 8250, 1114, 1116, 1115, 1119, 160, 1038, 1118, 1032, 164, 1168, 166, 167, 1025, 169, 1028, 171, 172, 173, 174, 1031, 176, 177, 1030, 1110, 1169, 181, 182, 183, 1105, 8470, 1108, 187, 1112, 1029, 1109, 1111, 1040, 1041, 1042, 1043, 1044, 1045, 1046, 1047, 1048, 1049, 1050, 1051, 1052, 1053, 1054, 1055, 1056, 1057, 1058, 1059, 1060, 1061, 1062, 1063, 1064, 1065, 1066, 1067, 1068, 1069, 1070, 1071, 1072, 1073, 1074, 1075, 1076, 1077, 1078, 1079, 1080, 1081, 1082, 1083, 1084, 1085, 1086, 1087, 1088, 1089, 1090, 1091, 1092, 1093, 1094, 1095, 1096, 1097, 1098, 1099, 1100, 1101, 1102, 1103]
{%- endmacro %}

{#- One row per physical line: line_number, line (BOM dropped, line ends normalised). A first
    line `sep=;` (Excel writes it to name the delimiter) is no header and no record: dropped. -#}
{% macro _csv_lines_sql(path, encoding) -%}
    (
        select line, line_number
        from (
            select
                unnest(parts) as line,
                unnest(range(1, len(parts) + 1)) as line_number
            from (
                select string_split(
                    replace(replace(
                        case when starts_with(content, chr(65279)) then substr(content, 2) else content end,
                        chr(13) || chr(10), chr(10)), chr(13), chr(10)),
                    chr(10)
                ) as parts
                from {{ _csv_text_sql(path, encoding) }} as file_text
            ) as split_text
        ) as numbered_lines
        where not (line_number = 1 and regexp_full_match(line, '\s*(?i:sep)=[;,\t|]\s*'))
    )
{%- endmacro %}

{#- Regular expressions of one field and of a whole row, for a delimiter. -#}
{% macro _csv_field_pattern(delimiter) -%}
    \s*"(?:[^"]|"")*"\s*|[^{{ delimiter }}"\n][^{{ delimiter }}\n]*|
{%- endmacro %}

{% macro _csv_relation(path) %}
    {%- set dialect = setting('raw_csv_dialect') -%}
    {%- set checked = run_query("select count(*) as files, count(try(decode(content))) as utf8, bool_or(array_slice(content, 1, 2) in ('\\xFF\\xFE'::blob, '\\xFE\\xFF'::blob)) as utf16 from read_blob(" ~ glob_literal(path) ~ ")") -%}
    {%- set row = checked.rows[0] -%}
    {%- if row[0] != 1 -%}
        {{ exceptions.raise_compiler_error("Cannot read " ~ path ~ ": the file cannot be opened.") }}
    {%- endif -%}
    {%- if row[2] -%}
        {{ exceptions.raise_compiler_error("Cannot read " ~ path ~ ": the file is UTF-16 text (Excel's \"Unicode text\"). Save it as \"CSV UTF-8\" and run again.") }}
    {%- endif -%}
    {%- set encoding = 'utf-8' -%}
    {%- if row[1] != 1 -%}
        {%- if dialect == 'ru' -%}
            {%- set encoding = 'windows-1251' -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error("Cannot read " ~ path ~ ": the file is not UTF-8 text. Exports from Excel or a Russian CRM (Windows-1251, decimal comma, DD.MM.YYYY dates): try raw_csv_dialect: ru.") }}
        {%- endif -%}
    {%- endif -%}
    {%- set header_query -%}
        select line from {{ _csv_lines_sql(path, encoding) }} as lines
        where trim(line) <> ''
        order by line_number
        limit 1
    {%- endset -%}
    {%- set header_rows = run_query(header_query) -%}
    {%- if header_rows.rows | length == 0 -%}
        {{ exceptions.raise_compiler_error("Cannot read " ~ path ~ ": the file is empty (no header line).") }}
    {%- endif -%}
    {%- set header_line = header_rows.rows[0][0] -%}
    {#- The delimiter: the one of , ; and tab the header holds most of (comma on a tie, then
        semicolon). -#}
    {%- set commas = header_line.count(',') -%}
    {%- set semicolons = header_line.count(';') -%}
    {%- set tabs = header_line.count('\t') -%}
    {%- if tabs > commas and tabs > semicolons -%}
        {%- set delimiter = '\t' -%}
    {%- elif semicolons > commas -%}
        {%- set delimiter = ';' -%}
    {%- else -%}
        {%- set delimiter = ',' -%}
    {%- endif -%}
    {%- set d_sql = sql_string(delimiter) -%}
    {%- set field = _csv_field_pattern(delimiter) -%}
    {%- set capture = sql_string('(' ~ field ~ ')' ~ delimiter) -%}
    {%- set row_pattern = sql_string('(?:' ~ field ~ ')(?:' ~ delimiter ~ '(?:' ~ field ~ '))*') -%}
    {%- set header_query -%}
        select
            regexp_full_match(header_line, {{ row_pattern }}) as is_valid,
            array_to_string(regexp_extract_all(header_line || {{ d_sql }}, {{ capture }}, 1), chr(31)) as names
        from (select {{ sql_string(header_line) }} as header_line) as header
    {%- endset -%}
    {%- set header = run_query(header_query).rows[0] -%}
    {%- if not header[0] -%}
        {{ exceptions.raise_compiler_error("Cannot read " ~ path ~ ": its header line cannot be split into column names (a stray quote?).") }}
    {%- endif -%}
    {%- set header_names = [] -%}
    {%- for name in header[1].split('\x1f') -%}
        {%- set unquoted = name | trim -%}
        {%- if unquoted.startswith('"') and unquoted.endswith('"') and unquoted | length > 1 -%}
            {%- set unquoted = unquoted[1:-1].replace('""', '"') -%}
        {%- endif -%}
        {#- A header field with no name (Excel's trailing delimiters: `a;b;c;;`) is an unnamed
            column, named by its position: an extra column like any other, never a duplicate. -#}
        {%- if normalise_column_name(unquoted) == '' -%}
            {%- set unquoted = '(unnamed column ' ~ loop.index ~ ')' -%}
        {%- endif -%}
        {%- do header_names.append(normalise_column_name(unquoted)) -%}
    {%- endfor -%}
    {%- set seen = [] -%}
    {%- for name in header_names -%}
        {%- if name in seen -%}
            {{ exceptions.raise_compiler_error("Cannot read " ~ path ~ ": the column '" ~ name ~ "' appears twice in its header.") }}
        {%- endif -%}
        {%- do seen.append(name) -%}
    {%- endfor -%}
    {%- set n = header_names | length -%}
    {#- Stray quotes handled per group of lines; after the last pass every line left is a
        record of its own. -#}
    {%- set passes = 8 -%}

    {%- set select_fields = [] -%}
    {%- for name in header_names -%}
        {%- set value = 'fields[' ~ loop.index ~ ']' -%}
        {%- do select_fields.append(
            "case when _csv_row_error is null then case when regexp_full_match(" ~ value ~ ", '\\s*\"[\\s\\S]*\"\\s*') then replace(regexp_extract(" ~ value ~ ", '^\\s*\"([\\s\\S]*)\"\\s*$', 1), '\"\"', '\"') else " ~ value ~ " end end as " ~ quote_identifier(name)) -%}
    {%- endfor -%}
    {%- set relation -%}
    (
        with lines as (
            select * from {{ _csv_lines_sql(path, encoding) }} as file_lines
        ),
        pass_0_lines as (
            select
                line_number,
                line,
                length(line) - length(replace(line, '"', '')) as quotes
            from lines
        ),
        {%- for pass in range(passes) %}
        pass_{{ pass }}_grouped as (
            select
                *,
                sum(case when quotes_before % 2 = 0 then 1 else 0 end) over (order by line_number) as group_id
            from (
                select
                    *,
                    coalesce(sum(quotes) over (order by line_number rows between unbounded preceding and 1 preceding), 0) as quotes_before
                from pass_{{ pass }}_lines
            ) as opened
        ),
        pass_{{ pass }}_groups as (
            select
                group_id,
                min(line_number) as first_line,
                count(*) as line_count,
                string_agg(line, chr(10) order by line_number) as record
            from pass_{{ pass }}_grouped
            group by group_id
        ),
        pass_{{ pass }}_checked as (
            select
                *,
                line_count = 1 or (
                    regexp_full_match(record, {{ row_pattern }})
                    and len(regexp_extract_all(record || {{ d_sql }}, {{ capture }}, 1)) = {{ n }}
                ) as is_record
            from pass_{{ pass }}_groups
        ),
        pass_{{ pass }}_first_bad as (
            select coalesce(min(first_line), {{ 2 ** 62 }}) as first_line
            from pass_{{ pass }}_checked
            where not is_record
        ),
        pass_{{ pass }}_records as (
            {# Groups before the first group that is no valid row are records. That group's
               first line (the stray quote) is a record of its own, and every line after it
               is grouped again in the next pass. #}
            select checked.first_line, checked.record
            from pass_{{ pass }}_checked as checked
            cross join pass_{{ pass }}_first_bad as first_bad
            where checked.first_line < first_bad.first_line
            union all
            select grouped.line_number as first_line, grouped.line as record
            from pass_{{ pass }}_grouped as grouped
            cross join pass_{{ pass }}_first_bad as first_bad
            where grouped.line_number {{ '=' if not loop.last else '>=' }} first_bad.first_line
        ),
        {%- if not loop.last %}
        pass_{{ pass + 1 }}_lines as (
            select grouped.line_number, grouped.line, grouped.quotes
            from pass_{{ pass }}_grouped as grouped
            cross join pass_{{ pass }}_first_bad as first_bad
            where grouped.line_number > first_bad.first_line
        ),
        {%- endif %}
        {%- endfor %}
        records as (
            {%- for pass in range(passes) %}
            select first_line, record from pass_{{ pass }}_records
            {{ 'union all' if not loop.last }}
            {%- endfor %}
        ),
        data_records as (
            select
                row_number() over (order by first_line) - 1 as _csv_row_number,
                record
            from records
            where trim(record) <> ''
        ),
        split as (
            select
                _csv_row_number,
                case
                    when regexp_full_match(record, {{ row_pattern }})
                        and len(regexp_extract_all(record || {{ d_sql }}, {{ capture }}, 1)) = {{ n }}
                    then regexp_extract_all(record || {{ d_sql }}, {{ capture }}, 1)
                end as fields
            from data_records
            where _csv_row_number > 0
        )
        select
            {{ select_fields | join(',\n            ') }},
            _csv_row_number,
            _csv_row_error
        from (
            select *, case when fields is null then 'unparseable row' end as _csv_row_error from split
        ) as split_rows
    )
    {%- endset -%}
    {#- columns: what `describe` of the relation would list (its select list), so that the
        reader need not ask the engine to plan the query above only to learn them. -#}
    {{ return({'label': path, 'sql': relation, 'columns': header_names + ['_csv_row_number', '_csv_row_error'], 'row_number_column': '_csv_row_number', 'row_error_column': '_csv_row_error'}) }}
{% endmacro %}
