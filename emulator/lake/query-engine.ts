/**
 * CloudTrail Lake's query engine: Lake statements (Trino's dialect) run on an embedded DuckDB
 * (`@duckdb/node-api`) over one table per event data store, in Lake's event schema.
 *
 * - DuckDB is loaded by {@link QueryEngine.open} only, so nothing loads it unless a query runs
 *   (the provider plugin never does).
 * - Only a single query runs (Q-3): the statement is parsed by DuckDB's own parser
 *   (`json_serialize_sql`, which serialises SELECT statements only) and its tree is checked: no
 *   table functions but UNNEST, no functions that read the engine (settings, version, catalogs),
 *   no names but the stores it names by ID or ARN and the CTEs in scope.
 * - Isolation by construction (issue 23): each account's tables live in a schema of its own, the
 *   only one the query's connection searches, and the plan DuckDB binds is checked so that it
 *   scans the named stores' tables and nothing else. External access (files, network,
 *   extensions) is off and the configuration locked.
 * - Bounded: DuckDB's memory_limit and max_temp_directory_size, in a temp directory the engine
 *   owns (removed on close, and at open when its process is gone); each execution streams in
 *   chunks under a time limit and a byte reservation, on its own connection, a few at a time, and
 *   is interrupted by its timeout or cancel().
 * - Trino functions DuckDB spells differently are session macros (see `sql/trino-functions.ts`).
 * - A store's table is built once and kept: appended events are appended to it, and it is rebuilt
 *   when the caller passes a new `version`, another `events` array or a shorter one.
 */
import type * as DuckDB from "@duckdb/node-api";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { ServiceError } from "../errors";
import { isAlive } from "../persistence/files";
import { jsonStructure, quoteIdentifier, tableColumns, type LakeTableKind } from "./sql/schema";
import { findStoreRefs, inspectQuery, replaceStoreRefs } from "./sql/statement";
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
  /**
   * The account whose stores the statement may read: its tables live in that account's own schema,
   * the only one the statement's connection searches.
   * @default "default"
   */
  readonly account?: string;
}

/** Limits of one query's execution. */
export interface ExecutionLimits {
  /** Wall time before the query is interrupted and ends TIMED_OUT, with the rows read so far. */
  readonly timeoutMs: number;
  /**
   * Called with the (estimated) bytes each chunk of rows adds; answering false ends the query
   * FAILED, its rows dropped (the caller's result budget).
   */
  readonly reserve?: (bytes: number) => boolean;
}

/** How an execution ended, as Lake reports a query's status. */
export interface QueryOutcome {
  readonly status: "FINISHED" | "FAILED" | "TIMED_OUT" | "CANCELLED";
  readonly columns: string[];
  /** Rows read: all of them when FINISHED, those read before the limit when TIMED_OUT, none otherwise. */
  readonly rows: (string | null)[][];
  readonly stats: QueryStats;
  /** Estimated bytes the rows hold in memory (what `reserve` was told). */
  readonly bytes: number;
  readonly error?: string;
}

/** A query on its way: cancel() interrupts it (CANCELLED); `outcome` settles when it ends. */
export interface RunningQuery {
  readonly outcome: Promise<QueryOutcome>;
  /** Whether it still waits for an execution slot (Lake's QUEUED). */
  readonly queued: boolean;
  /** Interrupts the engine; a query that has not started yet never starts. */
  cancel(): void;
}

/** A statement checked, bound to its stores and ready to execute. */
export interface PreparedQuery {
  /** Starts it; at most {@link EngineOptions.concurrency} run at once, the others wait their turn. */
  execute(limits: ExecutionLimits): RunningQuery;
  /** Releases it without running (the caller refused the query after all). */
  discard(): void;
}

/** The engine's own bounds, fixed when it opens. */
export interface EngineOptions {
  /** DuckDB's memory_limit: beyond it, operators spill to the temp directory or the query fails. @default "1GB" */
  readonly memoryLimit?: string;
  /** DuckDB's max_temp_directory_size: spilled data beyond it fails the query. @default "1GB" */
  readonly maxTempSize?: string;
  /**
   * Where DuckDB spills; the engine removes it on close.
   * @default - a new directory under the system's temporary directory
   */
  readonly tempDirectory?: string;
  /** Queries executing at once; later ones queue (each holds one of Node's libuv threads while it runs). @default 2 */
  readonly concurrency?: number;
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
/** Scans a statement may hold besides its stores' tables: UNNEST of arrays. */
const ALLOWED_SCANS = new Set(["unnest", "unnest_postgres"]);
/** Depth past which a stored event's members are cut when its JSON cannot be written whole. */
const MAX_EVENT_DEPTH = 64;
const TEMP_PREFIX = "cloudtrail-emulator-duckdb-";

/** The query engine; one per emulator, opened when the first query runs. */
export class QueryEngine {
  /** Tables by schema and store ref. */
  private readonly tables = new Map<string, CachedTable>();
  private readonly schemas = new Map<string, string>();
  private nextTable = 0;
  /** Table loads and schema creation, one at a time on the loader connection. */
  private loads: Promise<unknown> = Promise.resolve();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly format: (value: DuckDB.DuckDBValue) => string | null;
  private closed = false;

  private constructor(
    private readonly instance: DuckDB.DuckDBInstance,
    private readonly loader: DuckDB.DuckDBConnection,
    duckdb: typeof DuckDB,
    private readonly tempDirectory: string,
    private readonly ownsTemp: boolean,
    private readonly concurrency: number,
  ) {
    this.format = valueFormatter(duckdb);
  }

  /**
   * Loads DuckDB with its memory and temp-disk limits, creates the Trino macros, then turns
   * external access off and locks the configuration for good. Temp directories an engine of a
   * process that is gone left behind are removed first.
   */
  static async open(options: EngineOptions = {}): Promise<QueryEngine> {
    // Required here, not imported: only an emulator that runs a query loads DuckDB.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use
    const duckdb = require("@duckdb/node-api") as typeof DuckDB;
    removeStaleTempDirectories();
    const ownsTemp = options.tempDirectory === undefined;
    const tempDirectory =
      options.tempDirectory ?? mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
    const instance = await duckdb.DuckDBInstance.create(":memory:", {
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
      allow_community_extensions: "false",
      memory_limit: options.memoryLimit ?? "1GB",
    });
    const loader = await instance.connect();
    for (const statement of [
      "SET TimeZone = 'UTC'",
      `SET temp_directory = '${tempDirectory.replaceAll("'", "''")}'`,
      `SET max_temp_directory_size = '${(options.maxTempSize ?? "1GB").replaceAll("'", "''")}'`,
      "SET enable_external_access = false",
      ...TRINO_MACROS,
      `CREATE TEMP TABLE ${STAGE} (j VARCHAR)`,
      "SET lock_configuration = true",
    ]) {
      await loader.run(statement);
    }
    return new QueryEngine(instance, loader, duckdb, tempDirectory, ownsTemp, options.concurrency ?? 2);
  }

  /**
   * Runs one Lake statement to its end: {@link prepare}, then execute without a time limit.
   * @throws InvalidQueryStatementError for anything but a single valid query over stores
   * @throws QueryFailedError when a valid query fails while running
   */
  async run(statement: string, resolveStore: StoreResolver, options: RunOptions = {}): Promise<QueryResult> {
    const outcome = await (
      await this.prepare(statement, resolveStore, options)
    ).execute({ timeoutMs: 2 ** 31 - 1 }).outcome;
    if (outcome.status !== "FINISHED") throw new QueryFailedError(outcome.error ?? outcome.status);
    return { columns: outcome.columns, rows: outcome.rows, stats: outcome.stats };
  }

  /**
   * Checks a Lake statement and binds it to the stores it names: those named in FROM are resolved
   * through `resolveStore`, whose errors (unknown or inactive store) propagate unchanged, and
   * loaded into the account's schema. DuckDB's binder then decides what the statement reads, and
   * anything but the named stores' tables and UNNEST is refused: the check is on the bound plan,
   * not on names, so no alias or CTE can reach another account's tables or the catalogs.
   * @throws InvalidQueryStatementError for anything but a single valid query over stores (Q-3)
   */
  async prepare(sql: string, resolveStore: StoreResolver, options: RunOptions = {}): Promise<PreparedQuery> {
    const refs = findStoreRefs(sql);
    // Placeholders no statement can spell: a reference the user wrote stays a name to resolve.
    const placeholder = `lake_ref_${randomBytes(8).toString("hex")}_`;
    const shape = await this.parse(
      replaceStoreRefs(sql, refs, (_, i) => `${placeholder}${i}`),
      sql,
    );

    // Every store is resolved before any table is built, so an unknown one costs nothing.
    const resolved = new Map<number, LakeTable>();
    for (const table of shape.tables) {
      const index = table.startsWith(placeholder) ? Number(table.slice(placeholder.length)) : undefined;
      if (index === undefined || !(index < refs.length)) {
        resolveStore(table);
        throw new InvalidQueryStatementError(`Name event data stores by ID or ARN in FROM: ${table}.`);
      }
      resolved.set(index, resolveStore(refs[index].ref));
    }
    const schema = await this.schemaOf(options.account ?? "default");
    const storeOfRef = new Map<number, CachedTable>();
    for (const [index, table] of resolved) storeOfRef.set(index, await this.load(schema, table));
    const read = [...new Set(storeOfRef.values())];
    const runnable = replaceStoreRefs(sql, refs, (_, i) => storeOfRef.get(i)?.name ?? `${placeholder}${i}`);
    const names = new Map([...storeOfRef].map(([i, table]) => [table.name, refs[i].ref]));
    const rename = (message: string): string => {
      // Messages quote the statement: show the caller's store references, not table names.
      for (const [name, ref] of names) message = message.replaceAll(name, ref);
      refs.forEach((token, i) => (message = message.replaceAll(`${placeholder}${i}`, token.ref)));
      return message.replaceAll(`${schema}.`, "");
    };

    const connection = await this.instance.connect();
    let prepared: DuckDB.DuckDBPreparedStatement;
    try {
      await connection.run(`SET search_path = '${schema}'`);
      await connection.run(
        `SET VARIABLE lake_now = TIMESTAMP '${timestampLiteral(options.now ?? new Date())}'`,
      );
      // A binder error speaks of the caller's statement, in Lake's words (lakeMessage).
      await this.checkPlan(connection, runnable, schema, new Set(names.keys()), (m) =>
        lakeMessage(rename(m), sql),
      );
      prepared = await connection.prepare(runnable);
    } catch (error) {
      connection.closeSync();
      if (error instanceof InvalidQueryStatementError) throw error;
      const message = rename(duckdbMessage(error));
      if (STATEMENT_ERRORS.test(message)) throw new InvalidQueryStatementError(lakeMessage(message, sql));
      // Planning folds constants: a valid query can fail there (a bad cast), and then FAILS.
      return failedQuery(message);
    }
    const stats = {
      eventsScanned: read.reduce((sum, table) => sum + table.loaded, 0),
      bytesScanned: read.reduce((sum, table) => sum + table.bytes, 0),
    };
    const trinoNames = shape.trinoNames;
    return {
      execute: (limits) => this.execute(connection, prepared, { stats, trinoNames, rename, limits }),
      discard: () => {
        prepared.destroySync();
        connection.closeSync();
      },
    };
  }

  /** Lake's CSV delivery of a result: a header row, then one record per row; NULL is empty. */
  csv(columns: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
    return stringify([columns, ...rows], { record_delimiter: "\n" });
  }

  /** Releases DuckDB and removes its temp directory; the engine cannot run queries afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.loader.closeSync();
    this.instance.closeSync();
    if (this.ownsTemp) rmSync(this.tempDirectory, { recursive: true, force: true });
  }

  /** The account's schema, created on first use; its name says nothing of the account. */
  private schemaOf(account: string): Promise<string> {
    const known = this.schemas.get(account);
    if (known) return Promise.resolve(known);
    const name = `lake_${this.schemas.size}`;
    this.schemas.set(account, name);
    return this.onLoader(() => this.loader.run(`CREATE SCHEMA ${name}`)).then(() => name);
  }

  /** Runs `step` after the loads before it, on the loader connection. */
  private onLoader<T>(step: () => Promise<T>): Promise<T> {
    const next = this.loads.then(step);
    this.loads = next.catch(() => undefined);
    return next;
  }

  /** Parses with DuckDB's parser; a single SELECT passes, with what it reads. `statement` is the caller's, for messages. */
  private async parse(sql: string, statement: string): Promise<ReturnType<typeof inspectQuery>> {
    let count: number;
    try {
      count = (await this.loader.extractStatements(sql)).count;
    } catch (error) {
      throw new InvalidQueryStatementError(lakeMessage(duckdbMessage(error), statement));
    }
    if (count !== 1)
      throw new InvalidQueryStatementError(`Expected one query; the statement holds ${count}.`);
    const serialized = await this.loader.runAndReadAll("SELECT json_serialize_sql(CAST($1 AS VARCHAR))", [
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
    try {
      return inspectQuery(tree.statements[0], (message) => new InvalidQueryStatementError(message));
    } catch (error) {
      if (error instanceof RangeError)
        throw new InvalidQueryStatementError("The statement is nested too deeply.");
      throw error;
    }
  }

  /**
   * Binds and plans the statement as DuckDB will run it, and refuses every scan but the named
   * stores' tables (in the account's schema) and UNNEST: catalogs and settings views, table
   * functions, another schema's tables.
   */
  private async checkPlan(
    connection: DuckDB.DuckDBConnection,
    sql: string,
    schema: string,
    tables: ReadonlySet<string>,
    rename: (message: string) => string,
  ): Promise<void> {
    const serialized = await connection.runAndReadAll("SELECT json_serialize_plan(CAST($1 AS VARCHAR))", [
      sql,
    ]);
    const plan = JSON.parse(String(serialized.getRows()[0][0])) as {
      error: boolean;
      error_type?: string;
      error_message?: string;
      plans?: unknown;
    };
    // Planning reports binder and catalog errors only (it folds constants without failing).
    if (plan.error) {
      const type = (plan.error_type ?? "binder").replace(/^./, (c) => c.toUpperCase());
      throw new InvalidQueryStatementError(
        rename(`${type} Error: ${plan.error_message ?? "the statement could not be planned"}`),
      );
    }
    const scans = planScans(plan.plans);
    for (const scan of scans) {
      if (scan.function === "seq_scan" && scan.schema === schema && tables.has(scan.table ?? "")) continue;
      if (ALLOWED_SCANS.has(scan.function)) continue;
      throw new InvalidQueryStatementError(
        scan.function === "seq_scan"
          ? `${scan.table ?? "The table"} is not an event data store.`
          : "Queries read event data stores only: system catalogs and table functions are not supported.",
      );
    }
  }

  private execute(
    connection: DuckDB.DuckDBConnection,
    prepared: DuckDB.DuckDBPreparedStatement,
    run: {
      stats: Omit<QueryStats, "eventsMatched">;
      trinoNames: readonly (string | undefined)[];
      rename: (message: string) => string;
      limits: ExecutionLimits;
    },
  ): RunningQuery {
    let cancelled = false;
    let timedOut = false;
    let started = false;
    const outcome = (async (): Promise<QueryOutcome> => {
      const columns: string[] = [];
      const rows: (string | null)[][] = [];
      let bytes = 0;
      const end = (status: QueryOutcome["status"], error?: string): QueryOutcome => ({
        status,
        columns,
        rows: status === "FINISHED" || status === "TIMED_OUT" ? rows : [],
        bytes: status === "FINISHED" || status === "TIMED_OUT" ? bytes : 0,
        stats: { ...run.stats, eventsMatched: rows.length },
        error,
      });
      await this.slot();
      const timer = setTimeout(() => {
        timedOut = true;
        connection.interrupt();
      }, run.limits.timeoutMs);
      try {
        if (cancelled) return end("CANCELLED");
        started = true;
        const result = await prepared.stream();
        columns.push(...result.columnNames().map((name, i) => run.trinoNames[i] ?? name));
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          const added = chunk.getRows().map((row) => row.map(this.format));
          const size = added.reduce((sum, row) => sum + rowBytes(row), 0);
          if (run.limits.reserve && !run.limits.reserve(size)) {
            bytes += size;
            return end(
              "FAILED",
              "The query's results exceed the emulator's result budget; narrow the query (SELECT fewer columns, add WHERE or LIMIT).",
            );
          }
          bytes += size;
          for (const row of added) rows.push(row);
        }
        return end("FINISHED");
      } catch (error) {
        if (cancelled) return end("CANCELLED");
        if (timedOut)
          return end(
            "TIMED_OUT",
            "The query ran past the emulator's time limit; the rows read until then are kept.",
          );
        return end("FAILED", run.rename(duckdbMessage(error)));
      } finally {
        clearTimeout(timer);
        prepared.destroySync();
        connection.closeSync();
        this.release();
      }
    })();
    return {
      outcome,
      cancel: () => {
        cancelled = true;
        if (started) connection.interrupt();
      },
      get queued() {
        return !started && !cancelled;
      },
    };
  }

  /** Waits for one of the execution slots. */
  private async slot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  /** The store's table in the account's schema, built or brought up to date. */
  private load(schema: string, table: LakeTable): Promise<CachedTable> {
    return this.onLoader(async () => {
      const key = `${schema}/${table.ref}`;
      let cached = this.tables.get(key);
      const stale =
        cached !== undefined &&
        (cached.kind !== table.kind ||
          cached.version !== table.version ||
          (table.version === undefined &&
            (cached.events !== table.events || table.events.length < cached.loaded)));
      if (cached === undefined || stale) {
        // A query still reading the old table keeps reading it: DuckDB drops it under MVCC.
        if (cached) await this.loader.run(`DROP TABLE ${schema}.${quoteIdentifier(cached.name)}`);
        cached = {
          name: `eds_${this.nextTable++}`,
          kind: table.kind,
          events: table.events,
          version: table.version,
          loaded: 0,
          bytes: 0,
        };
        this.tables.set(key, cached);
        await this.append(cached, table.events, `CREATE TABLE ${schema}.${quoteIdentifier(cached.name)} AS`);
      } else if (table.events.length > cached.loaded) {
        await this.append(cached, table.events, `INSERT INTO ${schema}.${quoteIdentifier(cached.name)}`);
      }
      return cached;
    });
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
    const appender = await this.loader.createAppender(STAGE, "main", "temp");
    let bytes = 0;
    for (let i = cached.loaded; i < events.length; i++) {
      const json = eventJson(events[i]);
      bytes += Buffer.byteLength(json);
      appender.appendVarchar(json);
      appender.endRow();
    }
    appender.closeSync();
    const structure = jsonStructure(cached.kind).replaceAll("'", "''");
    await this.loader.run(
      `${into} SELECT ${tableColumns(cached.kind)} FROM (SELECT from_json(j, '${structure}') AS e, j FROM temp.${STAGE})`,
    );
    await this.loader.run(`DELETE FROM temp.${STAGE}`);
    cached.loaded = events.length;
    cached.bytes += bytes;
  }
}

/** A query that failed while it was planned: it executes to FAILED at once. */
function failedQuery(error: string): PreparedQuery {
  const outcome: QueryOutcome = {
    status: "FAILED",
    columns: [],
    rows: [],
    bytes: 0,
    stats: { eventsMatched: 0, eventsScanned: 0, bytesScanned: 0 },
    error,
  };
  return {
    execute: () => ({ outcome: Promise.resolve(outcome), queued: false, cancel: () => undefined }),
    discard: () => undefined,
  };
}

/** A scan in a bound plan: the table function and, for a table, where the table is. */
interface PlanScan {
  readonly function: string;
  readonly schema?: string;
  readonly table?: string;
}

/** Every LOGICAL_GET of a serialized plan, walked without recursion (plans can be deep). */
function planScans(plans: unknown): PlanScan[] {
  const scans: PlanScan[] = [];
  const stack: unknown[] = [plans];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      stack.push(...(value as unknown[]));
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    const node = value as Record<string, unknown>;
    if (node.type === "LOGICAL_GET") {
      const data = node.function_data as { schema?: unknown; table?: unknown } | null | undefined;
      scans.push({
        function: String(node.name),
        schema: typeof data?.schema === "string" ? data.schema : undefined,
        table: typeof data?.table === "string" ? data.table : undefined,
      });
    }
    stack.push(...Object.values(node));
  }
  return scans;
}

/** An event's JSON; one too deep for JSON.stringify is written with its deepest members cut. */
function eventJson(event: Record<string, unknown>): string {
  try {
    return JSON.stringify(event);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return JSON.stringify(cutDeeperThan(event, MAX_EVENT_DEPTH));
  }
}

/** A copy of `value` whose objects and arrays below `depth` levels are null. */
function cutDeeperThan(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== "object") return value;
  if (depth === 0) return null;
  if (Array.isArray(value)) return value.map((item) => cutDeeperThan(item, depth - 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, item]) => [
      key,
      cutDeeperThan(item, depth - 1),
    ]),
  );
}

/** A row's approximate size in memory: UTF-16 text plus a fixed cost per value. */
function rowBytes(row: readonly (string | null)[]): number {
  return row.reduce((sum, value) => sum + 16 + (value === null ? 0 : value.length * 2), 32);
}

/** Removes temp directories whose engine's process is gone (a killed emulator's spill files). */
function removeStaleTempDirectories(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(new RegExp(`^${TEMP_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
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
