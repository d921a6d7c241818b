import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { fail } from "../errors";
import { pageToken, readPageToken, type RequestContext } from "../context";
import { findStore, storeKind } from "./event-data-stores";
import { parseS3Uri, putObject } from "./object-store";
import { QueryEngine, QueryFailedError, type QueryResult } from "./query-engine";
import { lakeRegion, type QueryRecord } from "./state";

type Json = Record<string, unknown>;

/** */
const MAX_CONCURRENT_QUERIES = 10;
const DELIVERY_URI = /^s3:\/\/[a-z0-9][.\-a-z0-9]{1,61}[a-z0-9](\/.*)?$/;
const STATUSES = ["QUEUED", "RUNNING", "FINISHED", "FAILED", "CANCELLED", "TIMED_OUT"];

/** One engine per process, opened (DuckDB loaded) when the first query starts. */
let engine: Promise<QueryEngine> | undefined;

function regionQueries(ctx: RequestContext): Record<string, QueryRecord> {
  return lakeRegion(ctx.state.lake, ctx.account, ctx.region).queries;
}

/** RUNNING until the simulated run time has passed on the emulator's clock. */
function queryStatus(ctx: RequestContext, q: QueryRecord): string {
  if (q.cancelled) return "CANCELLED";
  if (ctx.now.getTime() < q.finishesAt) return "RUNNING";
  return q.ErrorMessage ? "FAILED" : "FINISHED";
}

/** A finished query's results reach its DeliveryS3Uri once; an unregistered bucket fails delivery. */
function settle(ctx: RequestContext, q: QueryRecord, csv?: string): void {
  if (q.DeliveryStatus !== "PENDING" || queryStatus(ctx, q) === "RUNNING") return;
  if (q.cancelled) {
    q.DeliveryStatus = "CANCELLED";
    return;
  }
  const target = parseS3Uri(q.DeliveryS3Uri!)!;
  const buckets = ctx.state.registry.s3Buckets;
  if (buckets.length > 0 && !buckets.includes(target.bucket)) {
    q.DeliveryStatus = "RESOURCE_NOT_FOUND";
    return;
  }
  const key = [target.prefix, q.QueryId, "result_1.csv.gz"].filter((part) => part !== "").join("/");
  putObject(ctx.state.lake, target.bucket, key, gzipSync(csv ?? q.deliveryCsv ?? ""), ctx.now.getTime());
  q.deliveryCsv = undefined;
  q.DeliveryStatus = "SUCCESS";
}

function findQuery(ctx: RequestContext, id: string | undefined, store: string | undefined): QueryRecord {
  if (store !== undefined) findStore(ctx, store, true);
  if (id === undefined) return fail("InvalidParameterException", "QueryId is required.");
  const queries = regionQueries(ctx);
  const q = Object.hasOwn(queries, id) ? queries[id] : undefined;
  if (!q) return fail("QueryIdNotFoundException", `The query ${id} does not exist.`);
  settle(ctx, q);
  return q;
}

/**
 * checks the statement, runs it on the query engine over the stores it names, and
 * keeps the result; the query then shows RUNNING for the simulated run time.
 */
export async function startQuery(
  ctx: RequestContext,
  p: { QueryStatement?: string; DeliveryS3Uri?: string },
): Promise<Json> {
  const statement = p.QueryStatement;
  if (statement === undefined || statement.length < 1 || statement.length > 10_000)
    fail("InvalidParameterException", "QueryStatement must be 1 to 10000 characters. (Q-1)");
  if (p.DeliveryS3Uri !== undefined && !DELIVERY_URI.test(p.DeliveryS3Uri))
    fail(
      "InvalidParameterException",
      `DeliveryS3Uri ${p.DeliveryS3Uri} is not an s3://bucket/prefix URI. (Q-1)`,
    );
  const running = () =>
    Object.values(regionQueries(ctx)).filter((q) => queryStatus(ctx, q) === "RUNNING").length;
  if (running() >= MAX_CONCURRENT_QUERIES)
    fail("MaxConcurrentQueriesException", `At most ${MAX_CONCURRENT_QUERIES} queries may run at once. (Q-1)`);
  const stores: string[] = [];
  engine ??= QueryEngine.open();
  const began = Date.now();
  let result: QueryResult = {
    columns: [],
    rows: [],
    stats: { eventsMatched: 0, eventsScanned: 0, bytesScanned: 0 },
  };
  let failure: string | undefined;
  try {
    result = await (
      await engine
    ).run(
      statement!,
      (ref) => {
        const store = findStore(ctx, ref, true);
        stores.push(store.EventDataStoreArn);
        return { ref: store.EventDataStoreArn, kind: storeKind(store), events: store.events };
      },
      { now: ctx.now },
    );
  } catch (e) {
    // Unknown or inactive stores and invalid statements are the caller's error; a valid
    // query that fails while running is a FAILED query.
    if (!(e instanceof QueryFailedError)) throw e;
    failure = e.message;
  }
  // Another query may have started while this one ran on the engine.
  if (running() >= MAX_CONCURRENT_QUERIES)
    fail("MaxConcurrentQueriesException", `At most ${MAX_CONCURRENT_QUERIES} queries may run at once. (Q-1)`);
  const now = ctx.now.getTime();
  const q: QueryRecord = {
    QueryId: randomUUID(),
    QueryString: statement!,
    stores: [...new Set(stores)],
    CreationTime: now,
    finishesAt: now + ctx.lake.queryRunSeconds * 1000,
    cancelled: false,
    columns: result.columns,
    rows: result.rows,
    stats: result.stats,
    executionMs: Date.now() - began,
    ErrorMessage: failure,
    DeliveryS3Uri: p.DeliveryS3Uri,
    DeliveryStatus: p.DeliveryS3Uri ? "PENDING" : undefined,
    deliveryCsv: p.DeliveryS3Uri ? (await engine).csv(result.columns, result.rows) : undefined,
  };
  regionQueries(ctx)[q.QueryId] = q;
  return { QueryId: q.QueryId };
}

export function describeQuery(ctx: RequestContext, p: { QueryId?: string; EventDataStore?: string }): Json {
  const q = findQuery(ctx, p.QueryId, p.EventDataStore);
  return {
    QueryId: q.QueryId,
    QueryString: q.QueryString,
    QueryStatus: queryStatus(ctx, q),
    QueryStatistics: {
      EventsMatched: q.stats.eventsMatched,
      EventsScanned: q.stats.eventsScanned,
      BytesScanned: q.stats.bytesScanned,
      ExecutionTimeInMillis: Math.max(
        q.executionMs,
        Math.min(ctx.now.getTime(), q.finishesAt) - q.CreationTime,
      ),
      CreationTime: q.CreationTime / 1000,
    },
    ErrorMessage: q.ErrorMessage,
    DeliveryS3Uri: q.DeliveryS3Uri,
    DeliveryStatus: q.DeliveryStatus,
  };
}

/** rows as lists of one-key maps of strings, paged; nothing while the query runs. */
export function getQueryResults(
  ctx: RequestContext,
  p: { QueryId: string; EventDataStore?: string; NextToken?: string; MaxQueryResults?: number },
): Json {
  const q = findQuery(ctx, p.QueryId, p.EventDataStore);
  const max = p.MaxQueryResults ?? 1000;
  if (max < 1 || max > 1000)
    fail("InvalidMaxResultsException", `MaxQueryResults ${max} is not between 1 and 1000. (Q-4)`);
  const bound = `GetQueryResults:${q.QueryId}`;
  const offset = readPageToken(p.NextToken, bound);
  if (offset === undefined) fail("InvalidNextTokenException", "The NextToken is not valid. (Q-4)");
  const status = queryStatus(ctx, q);
  const rows = status === "FINISHED" ? q.rows : [];
  const page = rows.slice(offset, offset + max);
  return {
    QueryStatus: status,
    QueryStatistics: {
      ResultsCount: page.length,
      TotalResultsCount: rows.length,
      BytesScanned: q.stats.bytesScanned,
    },
    QueryResultRows: page.map((row) => row.map((value, i) => ({ [q.columns[i]]: value ?? "" }))),
    NextToken: offset + max < rows.length ? pageToken(offset + max, bound) : undefined,
    ErrorMessage: q.ErrorMessage,
  };
}

/** only a queued or running query can be cancelled (InactiveQueryException otherwise). */
export function cancelQuery(ctx: RequestContext, p: { QueryId: string; EventDataStore?: string }): Json {
  const q = findQuery(ctx, p.QueryId, p.EventDataStore);
  const status = queryStatus(ctx, q);
  if (status !== "RUNNING" && status !== "QUEUED")
    fail(
      "InactiveQueryException",
      `Query ${q.QueryId} is ${status}; only a running query can be cancelled. (Q-4)`,
    );
  q.cancelled = true;
  settle(ctx, q);
  return { QueryId: q.QueryId, QueryStatus: "CANCELLED" };
}

export function listQueries(
  ctx: RequestContext,
  p: {
    EventDataStore: string;
    NextToken?: string;
    MaxResults?: number;
    StartTime?: number;
    EndTime?: number;
    QueryStatus?: string;
  },
): Json {
  const store = findStore(ctx, p.EventDataStore, true);
  const max = p.MaxResults ?? ctx.pageSize;
  if (max < 1 || max > 1000)
    fail("InvalidMaxResultsException", `MaxResults ${max} is not between 1 and 1000.`);
  if (p.QueryStatus !== undefined && !STATUSES.includes(p.QueryStatus))
    fail("InvalidQueryStatusException", `QueryStatus ${p.QueryStatus} is not one of ${STATUSES.join(", ")}.`);
  const start = p.StartTime === undefined ? 0 : p.StartTime * 1000;
  const end = p.EndTime === undefined ? Infinity : p.EndTime * 1000;
  if (start > end) fail("InvalidDateRangeException", "StartTime is after EndTime.");
  const bound = `ListQueries:${store.EventDataStoreArn}:${p.StartTime}:${p.EndTime}:${p.QueryStatus}`;
  const offset = readPageToken(p.NextToken, bound);
  if (offset === undefined) fail("InvalidNextTokenException", "The NextToken is not valid.");
  const matches = Object.values(regionQueries(ctx))
    .filter(
      (q) => q.stores.includes(store.EventDataStoreArn) && q.CreationTime >= start && q.CreationTime <= end,
    )
    .filter((q) => {
      settle(ctx, q);
      return p.QueryStatus === undefined || queryStatus(ctx, q) === p.QueryStatus;
    })
    .sort((a, b) => b.CreationTime - a.CreationTime);
  return {
    Queries: matches.slice(offset, offset + max).map((q) => ({
      QueryId: q.QueryId,
      QueryStatus: queryStatus(ctx, q),
      CreationTime: q.CreationTime / 1000,
    })),
    NextToken: offset + max < matches.length ? pageToken(offset + max, bound) : undefined,
  };
}
