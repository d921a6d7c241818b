import { once } from "node:events";
import Table from "cli-table3";
import { stringify } from "csv-stringify/sync";

/** Rows past which `--format table` turns to CSV: cli-table3 lays out the whole table in memory, and slows sharply with size. */
export const TABLE_MAX_ROWS = 1000;

/**
 * Control characters as visible escapes (`\n`, `\t`, `\r`, `\u001b`, ...), so that data in an
 * event cannot move the cursor or recolour a terminal (C0, DEL and C1, whose CSI starts escapes
 * on some terminals as ESC [ does).
 */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    const named: Record<string, string> = { "\n": "\\n", "\t": "\\t", "\r": "\\r" };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/** JSON text with C1 and DEL escaped too (JSON.stringify escapes only C0): still valid JSON. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Writes with backpressure: resolves once the stream can take more, so output never piles up in memory. */
export async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text !== "" && !stream.write(text)) await once(stream, "drain");
}

/** Resolves once everything written to the stream so far has been handed to the OS (or the stream failed). */
export function flush(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.write("", () => resolve()));
}

/** Where query rows go, a page at a time. */
export interface RowPrinter {
  /** Prints (or, for a table, holds) a page of rows. */
  page(columns: string[], rows: Record<string, string>[]): Promise<void>;
  /** Prints what is held. */
  end(columns: string[]): Promise<void>;
}

/**
 * A printer for `format` on `out`: JSON Lines and CSV stream page by page; a table is held until
 * the end, and past {@link TABLE_MAX_ROWS} rows turns to CSV (said once on `notes`).
 */
export function rowPrinter(
  format: "table" | "csv" | "json",
  out: NodeJS.WritableStream,
  notes: (text: string) => void,
): RowPrinter {
  if (format === "json")
    return {
      page: (_, rows) => write(out, rows.map((row) => `${safeJson(row)}\n`).join("")),
      end: async () => undefined,
    };
  let header = true;
  const csv = (columns: string[], rows: Record<string, string>[]) => {
    const text = stringify(
      rows.map((row) => columns.map((c) => escapeControl(row[c] ?? ""))),
      { header, columns },
    );
    header = false;
    return write(out, text);
  };
  if (format === "csv") return { page: csv, end: async () => undefined };
  let held: Record<string, string>[] | undefined = [];
  return {
    async page(columns, rows) {
      if (held === undefined) return csv(columns, rows);
      held.push(...rows);
      if (held.length <= TABLE_MAX_ROWS) return;
      notes(`more than ${TABLE_MAX_ROWS} rows: printed as CSV instead of a table`);
      const all = held;
      held = undefined;
      return csv(columns, all);
    },
    async end(columns) {
      if (held === undefined || held.length === 0) return;
      const table = new Table({ head: columns.map(escapeControl) });
      for (const row of held) table.push(columns.map((c) => escapeControl(row[c] ?? "")));
      await write(out, `${table.toString()}\n`);
    },
  };
}
