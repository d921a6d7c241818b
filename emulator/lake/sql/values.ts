/**
 * Result values as Lake returns them: every value a string, in Trino's text forms.
 * Timestamps read `2026-01-02 03:04:05.000`; maps `{key=value, ...}`; arrays `[a, b]`; rows
 * (structs) `{name=value, ...}`; booleans `true`/`false`; a NULL inside a nested value reads `null`.
 */
import type * as DuckDB from "@duckdb/node-api";

/** The value classes of the loaded DuckDB module that need their own text form. */
type ValueClasses = Pick<
  typeof DuckDB,
  | "DuckDBTimestampValue"
  | "DuckDBTimestampTZValue"
  | "DuckDBListValue"
  | "DuckDBArrayValue"
  | "DuckDBMapValue"
  | "DuckDBStructValue"
>;

/** Formats values of the given DuckDB module; top-level NULL stays null (the caller decides). */
export function valueFormatter(classes: ValueClasses): (value: DuckDB.DuckDBValue) => string | null {
  const text = (value: DuckDB.DuckDBValue): string => {
    if (value === null) return "null";
    if (value instanceof classes.DuckDBTimestampValue) return timestampText(value.micros);
    if (value instanceof classes.DuckDBTimestampTZValue) return `${timestampText(value.micros)} UTC`;
    if (value instanceof classes.DuckDBListValue || value instanceof classes.DuckDBArrayValue) {
      return `[${value.items.map(text).join(", ")}]`;
    }
    if (value instanceof classes.DuckDBMapValue) {
      return `{${value.entries.map(({ key, value: v }) => `${text(key)}=${text(v)}`).join(", ")}}`;
    }
    if (value instanceof classes.DuckDBStructValue) {
      return `{${Object.entries(value.entries)
        .map(([name, v]) => `${name}=${text(v)}`)
        .join(", ")}}`;
    }
    return String(value);
  };
  return (value) => (value === null ? null : text(value));
}

/** `YYYY-MM-DD HH:MM:SS.mmm`, UTC, from microseconds since the epoch. */
function timestampText(micros: bigint): string {
  const iso = new Date(Number(micros / 1000n)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}
