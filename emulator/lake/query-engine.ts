/**
 * CloudTrail Lake's query engine: Lake statements (Trino's dialect) run on an embedded DuckDB
 * (`@duckdb/node-api`) over one table per event data store, in Lake's event schema.
 *
 * - DuckDB is loaded by {@link QueryEngine.open} only, so nothing loads it unless a query runs
 *   (the provider plugin never does).
 * - Only a single query runs: the statement is parsed by DuckDB's own parser
 *   (`json_serialize_sql`, which serialises SELECT statements only) and its tree is checked: no
 *   table functions but UNNEST, no names but the stores it names by ID or ARN and its own CTEs.
 *   External access (files, network, extensions) is off and the configuration locked, so even a
 *   statement that got past the checks could not leave the engine.
 * - Trino functions DuckDB spells differently are session macros (see `sql/trino-functions.ts`).
 * - A store's table is built once and kept: appended events are appended to it, and it is rebuilt
 *   when the caller passes a new `version`, another `events` array or a shorter one.
 */
import type * as DuckDB from "@duckdb/node-api";
import { stringify } from "csv-stringify/sync";
import { ServiceError } from "../errors";
import { jsonStructure, quoteIdentifier, tableColumns, type LakeTableKind } from "./sql/schema";
import { findStoreRefs, inspectQuery, replaceStoreRefs, type StoreRefToken } from "./sql/statement";
import { TRINO_MACROS } from "./sql/trino-functions";
import { valueFormatter } from "./sql/values";

export type { LakeTableKind } from "./sql/schema";

/** One event data store as the query engine sees it. */
export interface LakeTable {
  /** The store's identity (its ARN): tables are cached under it. */
  readonly ref: string;
  /** The store's event category, which decides its schema. */
  readonly kind: LakeTableKind;
  /**
   * The store's events: CloudTrail records as trails deliver them, or for a channel store
   * `{ eventData, metadata }` records as PutAuditEvents stores them. Treated as append-only:
   * a longer array of the same identity appends its new events to the cached table.
   */
  readonly events: readonly Record<string, unknown>[];
  /**
   * Bump to rebuild the cached table when events change in place (retention, restore).
   * @default - rebuilt only when `events` is another array or shorter than what was loaded
   */
  readonly version?: number;
}

/** Counts Lake reports as QueryStatistics. */
export interface QueryStats {
  /** Result rows. */
  readonly eventsMatched: number;
  /** Events in the tables the query read. */
  readonly eventsScanned: number;
  /** Bytes of those events' JSON. */
  readonly bytesScanned: number;
}

/** A query's result, every value as Lake gives it: a string, or null for SQL NULL. */
export interface QueryResult {
  readonly columns: string[];
  /**
   * One entry per column; `null` is SQL NULL. Its wire form in GetQueryResults is the handler's
   * to decide; {@link QueryEngine.csv} writes it as an empty field.
   */
  readonly rows: (string | null)[][];
  readonly stats: QueryStats;
}

/** Options of one run. */
export interface RunOptions {
  /**
   * What `now()`, `current_timestamp` and `current_date` return: the emulator's clock.
   * @default - the real current time
   */
  readonly now?: Date;
}

/** Resolves a store named in FROM (ID or ARN, as written); throws the caller's error when unknown. */
export type StoreResolver = (ref: string) => LakeTable;

/** the statement is not a single query, is invalid SQL, or reaches outside the stores. */
export class InvalidQueryStatementError extends ServiceError {
  override readonly name = "InvalidQueryStatementException";
  constructor(message: string) {
    super("InvalidQueryStatementException", message);
  }
}

/** A valid query that failed while running (a bad cast, a value out of range): the query FAILS. */
export class QueryFailedError extends Error {
  override readonly name = "QueryFailed";
}

interface CachedTable {
  readonly name: string;
  readonly kind: LakeTableKind;
  readonly events: readonly Record<string, unknown>[];
  readonly version: number | undefined;
  loaded: number;
  bytes: number;
}

/** DuckDB errors that mean the statement itself is wrong (raised before any row is read). */
const STATEMENT_ERRORS = /^(Parser|Binder|Catalog|Syntax|Not implemented) Error/;
const STAGE = "lake_stage";
const PLACEHOLDER = "lake_ref_";

/** The query engine; one per emulator, opened when the first query runs. */
export class QueryEngine {
  private readonly tables = new Map<string, CachedTable>();
  private nextTable = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly format: (value: DuckDB.DuckDBValue) => string | null;

  private constructor(
    private readonly instance: DuckDB.DuckDBInstance,
    private readonly connection: DuckDB.DuckDBConnection,
    duckdb: typeof DuckDB,
  ) {
    this.format = valueFormatter(duckdb);
  }

  /** Loads DuckDB, creates the Trino macros, then turns external access off for good. */
  static async open(): Promise<QueryEngine> {
    // Required here, not imported: only an emulator that runs a query loads DuckDB.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use
    const duckdb = require("@duckdb/node-api") as typeof DuckDB;
    const instance = await duckdb.DuckDBInstance.create(":memory:", {
      enable_external_access: "false",
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
      allow_community_extensions: "false",
      memory_limit: "1GB",
    });
    const connection = await instance.connect();
    for (const statement of [
      "SET TimeZone = 'UTC'",
      ...TRINO_MACROS,
      `CREATE TABLE ${STAGE} (j VARCHAR)`,
      "SET lock_configuration = true",
    ]) {
      await connection.run(statement);
    }
    return new QueryEngine(instance, connection, duckdb);
  }

  /**
   * Runs one Lake statement. Stores named in FROM are resolved through `resolveStore`, whose
   * errors (unknown or inactive store) propagate unchanged. Runs one at a time.
   * @throws InvalidQueryStatementError for anything but a single valid query over stores
   * @throws QueryFailedError when a valid query fails while running
   */
  run(statement: string, resolveStore: StoreResolver, options: RunOptions = {}): Promise<QueryResult> {
    const result = this.queue.then(() => this.runNow(statement, resolveStore, options));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Lake's CSV delivery of a result: a header row, then one record per row; NULL is empty. */
  csv(columns: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
    return stringify([columns, ...rows], { record_delimiter: "\n" });
  }

  /** Releases DuckDB; the engine cannot run queries afterwards. */
  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private async runNow(sql: string, resolveStore: StoreResolver, options: RunOptions): Promise<QueryResult> {
    const refs = findStoreRefs(sql);
    const shape = await this.parse(
      replaceStoreRefs(sql, refs, (_, i) => `${PLACEHOLDER}${i}`),
      sql,
    );

    // Every store is resolved before any table is built, so an unknown one costs nothing.
    const resolved = new Map<number, LakeTable>();
    for (const table of shape.tables) {
      const index = placeholderIndex(table);
      if (index === undefined) {
        resolveStore(table);
        throw new InvalidQueryStatementError(`Name event data stores by ID or ARN in FROM: ${table}.`);
      }
      resolved.set(index, resolveStore(refs[index].ref));
    }
    const storeOfRef = new Map<number, CachedTable>();
    for (const [index, table] of resolved) storeOfRef.set(index, await this.load(table));
    const read = new Set(storeOfRef.values());
    const runnable = replaceStoreRefs(sql, refs, (_, i) => storeOfRef.get(i)?.name ?? `${PLACEHOLDER}${i}`);
    const names = new Map([...storeOfRef].map(([i, table]) => [table.name, refs[i].ref]));
    const checked = await this.parse(runnable, sql);
    for (const table of checked.tables) {
      if (!names.has(table)) throw new InvalidQueryStatementError(`${table} is not an event data store.`);
    }

    await this.connection.run(
      `SET VARIABLE lake_now = TIMESTAMP '${timestampLiteral(options.now ?? new Date())}'`,
    );
    const reader = await this.execute(runnable, refs, names);
    const columns = reader.columnNames().map((name, i) => shape.trinoNames[i] ?? name);
    const rows = reader.getRows().map((row) => row.map(this.format));
    const tablesRead = [...read];
    return {
      columns,
      rows,
      stats: {
        eventsMatched: rows.length,
        eventsScanned: tablesRead.reduce((sum, table) => sum + table.loaded, 0),
        bytesScanned: tablesRead.reduce((sum, table) => sum + table.bytes, 0),
      },
    };
  }

  /** Parses with DuckDB's parser; a single SELECT passes, with what it reads. `statement` is the caller's, for messages. */
  private async parse(sql: string, statement: string): Promise<ReturnType<typeof inspectQuery>> {
    let count: number;
    try {
      count = (await this.connection.extractStatements(sql)).count;
    } catch (error) {
      throw new InvalidQueryStatementError(lakeMessage(duckdbMessage(error), statement));
    }
    if (count !== 1)
      throw new InvalidQueryStatementError(`Expected one query; the statement holds ${count}.`);
    const serialized = await this.connection.runAndReadAll("SELECT json_serialize_sql(CAST($1 AS VARCHAR))", [
      sql,
    ]);
    const tree = JSON.parse(String(serialized.getRows()[0][0])) as {
      error: boolean;
      error_message?: string;
      statements?: Record<string, unknown>[];
    };
    if (tree.error || !tree.statements) {
      throw new InvalidQueryStatementError(
        /Only SELECT/.test(tree.error_message ?? "")
          ? "Only SELECT queries are allowed; the statement is not a query."
          : (tree.error_message ?? "The statement could not be parsed."),
      );
    }
    return inspectQuery(tree.statements[0], (message) => new InvalidQueryStatementError(message));
  }

  private async execute(
    sql: string,
    refs: readonly StoreRefToken[],
    names: ReadonlyMap<string, string>,
  ): Promise<DuckDB.DuckDBResultReader> {
    try {
      return await this.connection.runAndReadAll(sql);
    } catch (error) {
      // Messages quote the statement: show the caller's store references, not table names.
      let message = duckdbMessage(error);
      for (const [name, ref] of names) message = message.replaceAll(name, ref);
      refs.forEach((token, i) => (message = message.replaceAll(`${PLACEHOLDER}${i}`, token.ref)));
      throw STATEMENT_ERRORS.test(message)
        ? new InvalidQueryStatementError(lakeMessage(message, sql))
        : new QueryFailedError(message);
    }
  }

  /** The store's table, built or brought up to date. */
  private async load(table: LakeTable): Promise<CachedTable> {
    let cached = this.tables.get(table.ref);
    const stale =
      cached !== undefined &&
      (cached.kind !== table.kind ||
        cached.version !== table.version ||
        (table.version === undefined &&
          (cached.events !== table.events || table.events.length < cached.loaded)));
    if (cached === undefined || stale) {
      if (cached) await this.connection.run(`DROP TABLE ${quoteIdentifier(cached.name)}`);
      cached = {
        name: `eds_${this.nextTable++}`,
        kind: table.kind,
        events: table.events,
        version: table.version,
        loaded: 0,
        bytes: 0,
      };
      this.tables.set(table.ref, cached);
      await this.append(cached, table.events, `CREATE TABLE ${quoteIdentifier(cached.name)} AS`);
    } else if (table.events.length > cached.loaded) {
      await this.append(cached, table.events, `INSERT INTO ${quoteIdentifier(cached.name)}`);
    }
    return cached;
  }

  /**
   * Appends events from `cached.loaded` on: their JSON goes through DuckDB's appender into a
   * one-column staging table, and one INSERT ... SELECT parses it with from_json into the schema.
   */
  private async append(
    cached: CachedTable,
    events: readonly Record<string, unknown>[],
    into: string,
  ): Promise<void> {
    const appender = await this.connection.createAppender(STAGE);
    let bytes = 0;
    for (let i = cached.loaded; i < events.length; i++) {
      const json = JSON.stringify(events[i]);
      bytes += Buffer.byteLength(json);
      appender.appendVarchar(json);
      appender.endRow();
    }
    appender.closeSync();
    const structure = jsonStructure(cached.kind).replaceAll("'", "''");
    await this.connection.run(
      `${into} SELECT ${tableColumns(cached.kind)} FROM (SELECT from_json(j, '${structure}') AS e, j FROM ${STAGE})`,
    );
    await this.connection.run(`DELETE FROM ${STAGE}`);
    cached.loaded = events.length;
    cached.bytes += bytes;
  }
}

function placeholderIndex(table: string): number | undefined {
  const match = new RegExp(`^${PLACEHOLDER}(\\d+)$`).exec(table);
  return match ? Number(match[1]) : undefined;
}

function duckdbMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A DuckDB message in terms of the caller's statement, as Lake answers: without DuckDB's
 * prefixes ("Failed to extract statements:", "Parser Error:"), its quote of the rewritten
 * statement and its candidate lists (which name the emulator's tables), with the line and column
 * in the caller's statement where DuckDB names a token.
 */
export function lakeMessage(message: string, statement: string): string {
  const first = message
    .replace(/^Failed to extract statements: /, "")
    .replace(/^[A-Z][a-z]+( [A-Z][a-z]+)? Error: /, "")
    .split("\n")[0]
    .replace(/!$/, "");
  const column = /^Referenced column "([^"]+)" not found in FROM clause$/.exec(first);
  if (column)
    return `Query statement is invalid: column "${column[1]}" is not a column of the tables in FROM${at(statement, column[1])}.`;
  const near = /^syntax error at or near "([^"]*)"$/.exec(first);
  if (near) return `Query statement has a syntax error at or near "${near[1]}"${at(statement, near[1])}.`;
  if (first === "syntax error at end of input")
    return `Query statement has a syntax error: it ends too early${at(statement, undefined)}.`;
  const sentence = /^[A-Z][a-z]/.test(first) ? first.charAt(0).toLowerCase() + first.slice(1) : first;
  return `Query statement is invalid: ${sentence}.`;
}

/** " (line L, column C)" of a token's first occurrence in the statement (its end when undefined); "" when not found. */
function at(statement: string, token: string | undefined): string {
  const index =
    token === undefined ? statement.trimEnd().length : statement.toLowerCase().indexOf(token.toLowerCase());
  if (index < 0) return "";
  const before = statement.slice(0, index).split("\n");
  return ` (line ${before.length}, column ${before[before.length - 1].length + 1})`;
}

/** A TIMESTAMP literal's text (UTC, microseconds dropped to milliseconds). */
function timestampLiteral(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}
