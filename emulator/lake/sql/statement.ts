/**
 * The parts of a Lake statement the engine handles before DuckDB runs it: finding the stores the
 * statement names (by ID or ARN, bare or double-quoted, as Lake accepts them) and checking
 * DuckDB's parse tree so that only a single query over those stores runs.
 */

/** A store ID: the 36-character suffix of the store's ARN (a UUID on AWS). */
const STORE_ID = "[0-9A-Za-z]{8}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{12}";
const STORE_ARN = `arn:[A-Za-z-]+:cloudtrail:[0-9a-z-]+:[0-9]{12}:eventdatastore/${STORE_ID}`;
const STORE_REF = new RegExp(`^(?:${STORE_ARN}|${STORE_ID})$`);
/** A bare reference, matched where an identifier could start. */
const BARE_REF = new RegExp(`(?:${STORE_ARN}|${STORE_ID})(?![0-9A-Za-z_])`, "y");

/** One place in the statement that names a store. */
export interface StoreRefToken {
  /** The reference as written, without quotes: an ID or an ARN. */
  readonly ref: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Finds the store references in a statement, skipping string literals, comments and quoted
 * identifiers that are not references. The statement's own tokens are left to DuckDB's parser.
 */
export function findStoreRefs(sql: string): StoreRefToken[] {
  const found: StoreRefToken[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'") {
      i = closingQuote(sql, i, "'");
    } else if (c === '"') {
      const end = closingQuote(sql, i, '"');
      const name = sql.slice(i + 1, end - 1).replaceAll('""', '"');
      if (STORE_REF.test(name)) found.push({ ref: name, start: i, end });
      i = end;
    } else if (sql.startsWith("--", i)) {
      const newline = sql.indexOf("\n", i);
      i = newline < 0 ? sql.length : newline + 1;
    } else if (sql.startsWith("/*", i)) {
      const close = sql.indexOf("*/", i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (/[0-9A-Za-z_$]/.test(c)) {
      BARE_REF.lastIndex = i;
      const match = BARE_REF.exec(sql);
      if (match) {
        found.push({ ref: match[0], start: i, end: i + match[0].length });
        i += match[0].length;
      } else {
        while (i < sql.length && /[0-9A-Za-z_$]/.test(sql[i])) i++;
      }
    } else {
      i++;
    }
  }
  return found;
}

/** The index just past the quote that closes the one at `start` (a doubled quote escapes). */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i += 2;
    } else {
      i++;
    }
  }
  return sql.length;
}

/** Replaces each reference with the table name `nameOf` gives it, as a quoted identifier. */
export function replaceStoreRefs(
  sql: string,
  refs: readonly StoreRefToken[],
  nameOf: (token: StoreRefToken, index: number) => string,
): string {
  let out = "";
  let at = 0;
  refs.forEach((token, index) => {
    out += sql.slice(at, token.start) + `"${nameOf(token, index).replaceAll('"', '""')}"`;
    at = token.end;
  });
  return out + sql.slice(at);
}

/** What a statement reads, from DuckDB's parse tree. */
export interface QueryShape {
  /** Names of the tables in FROM clauses that are not the query's own CTEs. */
  readonly tables: ReadonlySet<string>;
  /** The output column names Trino gives unnamed expressions (`_col<n>`), by position; undefined where DuckDB's own name stands. */
  readonly trinoNames: readonly (string | undefined)[];
}

/** Table references a query may hold; everything else (PIVOT, SHOW, ...) is refused. */
const ALLOWED_TABLE_REFS = new Set([
  "BASE_TABLE",
  "JOIN",
  "SUBQUERY",
  "EMPTY",
  "EXPRESSION_LIST",
  "TABLE_FUNCTION",
]);
/** The only table function Lake's dialect has: UNNEST in FROM. */
const ALLOWED_TABLE_FUNCTIONS = new Set(["unnest"]);

type Node = { readonly [key: string]: unknown };

/**
 * Functions that read the engine rather than the events: its settings, version, catalogs, session
 * and variables. Lake has none of them; refused so a statement learns nothing about the host.
 */
const ENGINE_FUNCTIONS =
  /^(current_(setting|database|catalog|schema|schemas|query|user|role|localtime)|version|platform|user|session_user|getenv|getvariable|pragma_.*|duckdb_.*|pg_.*|has_.*_privilege|txid_current|json_(serialize|deserialize|execute)_.*|which_secret|database_size|sql_auto_complete|query|query_table)$/i;

/**
 * Reads the tree `json_serialize_sql` gives for one statement and returns what it reads.
 * Throws `reason` for anything that is not a plain query over tables: table functions other than
 * UNNEST (read_csv, read_parquet, glob, query, ...), schema- or catalog-qualified names, functions
 * that read the engine ({@link ENGINE_FUNCTIONS}). A CTE hides a table name only within its own
 * query and the queries nested in it, as SQL scopes it.
 */
export function inspectQuery(statement: Node, reason: (message: string) => Error): QueryShape {
  const tables = new Set<string>();
  const visit = (value: unknown, ctes: ReadonlySet<string>): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, ctes);
      return;
    }
    if (value === null || typeof value !== "object") return;
    const node = value as Node;
    const map = (node.cte_map as Node | undefined)?.map;
    // A query's CTEs are visible in the whole query, their own definitions included (WITH RECURSIVE).
    const scope = Array.isArray(map)
      ? new Set([...ctes, ...(map as Node[]).map((entry) => String(entry.key).toLowerCase())])
      : ctes;
    if (node.class === "FUNCTION" && ENGINE_FUNCTIONS.test(String(node.function_name))) {
      throw reason(`Function ${String(node.function_name)} is not supported in a Lake query.`);
    }
    // Table references are the typed nodes without an expression `class`.
    if (typeof node.type === "string" && !("class" in node) && "query_location" in node && "sample" in node) {
      const name = checkTableRef(node, reason);
      if (name !== undefined && !scope.has(name.toLowerCase())) tables.add(name);
    }
    for (const child of Object.values(node)) visit(child, scope);
  };
  visit(statement.node, new Set());
  return { tables, trinoNames: trinoColumnNames(statement.node as Node) };
}

/** Checks one table reference; answers the table name of a BASE_TABLE. */
function checkTableRef(node: Node, reason: (message: string) => Error): string | undefined {
  const type = node.type as string;
  if (!ALLOWED_TABLE_REFS.has(type)) throw reason(`${type.toLowerCase()} is not supported in a Lake query.`);
  if (type === "TABLE_FUNCTION") {
    const name = String((node.function as Node).function_name).toLowerCase();
    if (!ALLOWED_TABLE_FUNCTIONS.has(name)) {
      throw reason(`Table function ${name} is not supported: queries read event data stores only.`);
    }
  }
  if (type !== "BASE_TABLE") return undefined;
  if (node.schema_name !== "" || node.catalog_name !== "") {
    throw reason(`${String(node.schema_name)}.${String(node.table_name)} is not an event data store.`);
  }
  return String(node.table_name);
}

/** SQL's niladic functions, which DuckDB parses as column references. */
const NILADIC = new Set(["current_timestamp", "current_date", "current_time", "localtimestamp", "localtime"]);

/** Trino names an unnamed expression column `_col<position>`; DuckDB names it by its text. */
function trinoColumnNames(node: Node): (string | undefined)[] {
  if (node.type !== "SELECT_NODE") return [];
  const list = node.select_list as Node[];
  if (list.some((item) => item.class === "STAR")) return [];
  return list.map((item, position) => (item.alias === "" && !isColumn(item) ? `_col${position}` : undefined));
}

function isColumn(item: Node): boolean {
  const names = item.column_names as string[] | undefined;
  return item.class === "COLUMN_REF" && !(names?.length === 1 && NILADIC.has(names[0].toLowerCase()));
}
