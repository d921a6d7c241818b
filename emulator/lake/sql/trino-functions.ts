/**
 * Trino functions that Lake's queries use and DuckDB spells differently, as DuckDB macros created
 * in the session before its configuration is locked. Macros shadow DuckDB's built-ins of the same
 * name, so a Lake statement runs as written; where DuckDB's own form of a name takes other
 * arguments (date_add(date, interval)), an overload keeps it working.
 *
 * `now()` and `current_timestamp` read the `lake_now` variable, which the engine sets before each
 * query to the emulator's clock, so a query sees the same time as the rest of the emulator.
 */

/** Trino's MySQL-style date_format / date_parse specifiers, rewritten to strftime's. */
const MYSQL_TO_STRFTIME: readonly [string, string][] = [
  ["%M", "%B"], // month name; before %i becomes %M
  ["%i", "%M"],
  ["%s", "%S"],
  ["%W", "%A"],
  ["%T", "%H:%M:%S"],
  ["%c", "%-m"],
  ["%e", "%-d"],
  ["%h", "%I"],
  ["%k", "%-H"],
  ["%l", "%-I"],
];

const strftimeFormat = MYSQL_TO_STRFTIME.reduce(
  (expression, [from, to]) => `replace(${expression}, '${from}', '${to}')`,
  "fmt",
);

/** CREATE MACRO statements, run once per engine. */
export const TRINO_MACROS: readonly string[] = [
  "CREATE MACRO now() AS getvariable('lake_now')",
  "CREATE MACRO get_current_timestamp() AS getvariable('lake_now')",
  "CREATE MACRO current_date() AS CAST(getvariable('lake_now') AS DATE)",
  // Trino: date_add(unit, value, timestamp); DuckDB: date_add(date, interval).
  `CREATE MACRO date_add(a, b) AS a + b,
     (unit, value, ts) AS ts + CAST(CAST(value AS VARCHAR) || ' ' || unit AS INTERVAL)`,
  // Trino counts whole units elapsed, which is DuckDB's date_sub (its date_diff counts boundaries).
  "CREATE MACRO date_diff(unit, a, b) AS date_sub(unit, a, b)",
  "CREATE MACRO from_iso8601_timestamp(s) AS CAST(CAST(s AS TIMESTAMPTZ) AS TIMESTAMP)",
  "CREATE MACRO from_iso8601_date(s) AS CAST(s AS DATE)",
  "CREATE MACRO to_iso8601(ts) AS strftime(CAST(ts AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ')",
  "CREATE MACRO to_unixtime(ts) AS epoch(ts)",
  "CREATE MACRO from_unixtime(n) AS CAST(to_timestamp(n) AS TIMESTAMP)",
  `CREATE MACRO date_format(ts, fmt) AS strftime(ts, ${strftimeFormat})`,
  "CREATE MACRO day_of_week(ts) AS isodow(ts)",
  "CREATE MACRO dow(ts) AS isodow(ts)",
  "CREATE MACRO day_of_month(ts) AS dayofmonth(ts)",
  "CREATE MACRO day_of_year(ts) AS dayofyear(ts)",
  // Trino's json_extract_scalar answers NULL for objects and arrays.
  `CREATE MACRO json_extract_scalar(j, path) AS
     CASE WHEN json_type(j, path) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, path) END`,
  "CREATE MACRO json_parse(s) AS CAST(s AS JSON)",
  "CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)",
  "CREATE MACRO json_size(j, path) AS json_array_length(j, path)",
  // One name for maps (by key) and arrays (1-based, negative from the end), as in Trino.
  "CREATE MACRO element_at(c, k) AS c[k]",
  // Maps and arrays alike: both become JSON, whose keys or items are counted.
  `CREATE MACRO cardinality(x) AS
     CASE WHEN json_type(to_json(x)) = 'ARRAY' THEN json_array_length(to_json(x)) ELSE len(json_keys(to_json(x))) END`,
  "CREATE MACRO approx_distinct(x) AS approx_count_distinct(x)",
  "CREATE MACRO approx_percentile(x, p) AS approx_quantile(x, p)",
  "CREATE MACRO arbitrary(x) AS any_value(x)",
  "CREATE MACRO regexp_like(s, pattern) AS regexp_matches(s, pattern)",
  "CREATE MACRO array_join(a, separator) AS array_to_string(a, separator)",
  "CREATE MACRO codepoint(s) AS unicode(s)",
  "CREATE MACRO url_extract_host(u) AS regexp_extract(u, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)', 1)",
  "CREATE MACRO current_timezone() AS 'UTC'",
];
