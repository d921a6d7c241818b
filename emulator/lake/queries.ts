import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { stringify } from "csv-stringify/sync";
import { fail } from "../errors";
import { pageToken, readPageToken, type RequestContext } from "../context";
import { findStore, storeKind } from "./event-data-stores";
import { parseS3Uri, putObject } from "./object-store";
import { statementToRun } from "./sample-queries";
import { lakeRegion, type QueryRecord } from "./state";

type Json = Record<string, unknown>;

/** */
const MAX_CONCURRENT_QUERIES = 10;
const DELIVERY_URI = /^s3:\/\/[a-z0-9][.\-a-z0-9]{1,61}[a-z0-9](\/.*)?$/;
const STATUSES = ["QUEUED", "RUNNING", "FINISHED", "FAILED", "CANCELLED", "TIMED_OUT"];

/** Lake keeps a query's results for seven days after it finishes. */
const RESULTS_KEPT_MS = 7 * 24 * 3600 * 1000;
/**
 * How long DescribeQuery and GetQueryResults wait for a query the engine still runs once its
 * simulated run time has passed, outside the operation queue: a short query then reads FINISHED
 * at once, a long one reads RUNNING and the caller polls.
 */
const READ_WAIT_MS = 5000;

function regionQueries(ctx: RequestContext): Record<string, QueryRecord> {
  return lakeRegion(ctx.state.lake, ctx.account, ctx.region).queries;
}

/**
 * CANCELLED once cancelled; QUEUED or RUNNING while the engine has not ended it or the
 * simulated run time has not passed; then as the engine ended it. A query this process never ran
 * (started before a restart) FAILED: its results were never persisted.
 */
function queryStatus(ctx: RequestContext, q: QueryRecord): string {
  if (q.cancelled) return "CANCELLED";
  const run = ctx.lakeQueries.status(q.QueryId);
  if (run?.state === "QUEUED") return "QUEUED";
  if (ctx.now.getTime() < q.finishesAt || run?.state === "RUNNING") return "RUNNING";
  return run?.state === "ENDED" ? run.outcome.status : "FAILED";
}

function errorMessage(ctx: RequestContext, q: QueryRecord): string | undefined {
  const run = ctx.lakeQueries.status(q.QueryId);
  if (run?.state === "ENDED") return run.outcome.error;
  if (run === undefined && !q.cancelled) return RESTARTED;
  return undefined;
}

const RESTARTED = "The emulator restarted after this query started; its results are gone. Run it again.";

/**
 * A finished query's results reach its DeliveryS3Uri once; an unregistered bucket fails
 * delivery, and so does a query that did not finish (Lake delivers no partial results).
 */
function settle(ctx: RequestContext, q: QueryRecord): void {
  const status = queryStatus(ctx, q);
  if (q.DeliveryStatus !== "PENDING" || status === "RUNNING" || status === "QUEUED") return;
  if (q.cancelled) {
    q.DeliveryStatus = "CANCELLED";
    return;
  }
  const result = ctx.lakeQueries.result(q.QueryId);
  if (status !== "FINISHED" || !result) {
    q.DeliveryStatus = "FAILED";
    return;
  }
  const target = parseS3Uri(q.DeliveryS3Uri!)!;
  const buckets = ctx.state.registry.s3Buckets;
  if (buckets.length > 0 && !buckets.includes(target.bucket)) {
    q.DeliveryStatus = "RESOURCE_NOT_FOUND";
    return;
  }
  const key = [target.prefix, q.QueryId, "result_1.csv.gz"].filter((part) => part !== "").join("/");
  const body = gzipSync(stringify([result.columns, ...result.rows], { record_delimiter: "\n" }));
  const stored = putObject(
    ctx.state.lake,
    target.bucket,
    key,
    body,
    ctx.now.getTime(),
    {},
    ctx.lake.objectBytes,
  );
  // FAILED: the object store is full (LakeSettings.objectBytes).
  q.DeliveryStatus = stored ? "SUCCESS" : "FAILED";
}

/**
 * The query a dashboard's widget ran in a refresh (DescribeQuery by RefreshId and QueryAlias). Read
 * from the region's dashboards here, so queries need not import the dashboards that start them.
 */
function refreshQuery(ctx: RequestContext, refreshId: string, alias: string): string | undefined {
  const dashboards = lakeRegion(ctx.state.lake, ctx.account, ctx.region).dashboards;
  const d = Object.values(dashboards).find((x) => x.LastRefreshId === refreshId);
  return d?.lastRefreshQueries && Object.hasOwn(d.lastRefreshQueries, alias)
    ? d.lastRefreshQueries[alias]
    : undefined;
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
 * Before DescribeQuery and GetQueryResults enter the operation queue: waits (at most
 * READ_WAIT_MS) for a query of the caller's whose simulated run time has passed but which the
 * engine still runs, so other calls go on meanwhile.
 */
export async function beforeRead(
  ctx: RequestContext,
  operation: string,
  params: Record<string, unknown>,
): Promise<void> {
  if (operation !== "DescribeQuery" && operation !== "GetQueryResults") return;
  const { RefreshId, QueryAlias } = params;
  const id =
    params.QueryId ??
    (typeof RefreshId === "string" && typeof QueryAlias === "string"
      ? refreshQuery(ctx, RefreshId, QueryAlias)
      : undefined);
  const queries = regionQueries(ctx);
  if (typeof id !== "string" || !Object.hasOwn(queries, id)) return;
  if (ctx.now.getTime() >= queries[id].finishesAt) await ctx.lakeQueries.settled(id, READ_WAIT_MS);
}

function refuseBusy(ctx: RequestContext): void {
  const running = Object.values(regionQueries(ctx)).filter((q) => {
    const status = queryStatus(ctx, q);
    return status === "RUNNING" || status === "QUEUED";
  }).length;
  if (running >= MAX_CONCURRENT_QUERIES)
    fail("MaxConcurrentQueriesException", `At most ${MAX_CONCURRENT_QUERIES} queries may run at once. (Q-1)`);
}

/**
 * checks the statement (given, or the template a QueryAlias names: Q-8) and binds it
 * to the stores it names, then starts it on the query engine and answers: the query runs in the
 * background within the time limit, and shows RUNNING at least for the simulated run time.
 */
export async function startQuery(
  ctx: RequestContext,
  p: { QueryStatement?: string; DeliveryS3Uri?: string; QueryAlias?: string; QueryParameters?: string[] },
): Promise<Json> {
  const { statement, prompt } = statementToRun(ctx, p);
  if (statement.length < 1 || statement.length > 10_000)
    fail("InvalidParameterException", "QueryStatement must be 1 to 10000 characters. (Q-1)");
  if (p.DeliveryS3Uri !== undefined && !DELIVERY_URI.test(p.DeliveryS3Uri))
    fail(
      "InvalidParameterException",
      `DeliveryS3Uri ${p.DeliveryS3Uri} is not an s3://bucket/prefix URI. (Q-1)`,
    );
  refuseBusy(ctx);
  const stores: string[] = [];
  // Unknown or inactive stores and invalid statements are the caller's error.
  const prepared = await (
    await ctx.lakeQueries.open()
  ).prepare(
    statement,
    (ref) => {
      const store = findStore(ctx, ref, true);
      stores.push(store.EventDataStoreArn);
      return { ref: store.EventDataStoreArn, kind: storeKind(store), events: store.events };
    },
    { now: ctx.now, account: ctx.account },
  );
  // Another query may have started while this one was prepared.
  try {
    refuseBusy(ctx);
  } catch (e) {
    prepared.discard();
    throw e;
  }
  const now = ctx.now.getTime();
  const q: QueryRecord = {
    QueryId: randomUUID(),
    QueryString: statement,
    Prompt: prompt,
    stores: [...new Set(stores)],
    CreationTime: now,
    finishesAt: now + ctx.lake.queryRunSeconds * 1000,
    cancelled: false,
    DeliveryS3Uri: p.DeliveryS3Uri,
    DeliveryStatus: p.DeliveryS3Uri ? "PENDING" : undefined,
  };
  regionQueries(ctx)[q.QueryId] = q;
  ctx.lakeQueries.start(q.QueryId, prepared, ctx.lake.queryTimeoutSeconds * 1000);
  return { QueryId: q.QueryId };
}

export function describeQuery(
  ctx: RequestContext,
  p: { QueryId?: string; EventDataStore?: string; RefreshId?: string; QueryAlias?: string },
): Json {
  // A dashboard refresh's query is named by the refresh and the widget's alias (DASH-6).
  const refreshed =
    p.QueryId === undefined && p.RefreshId !== undefined && p.QueryAlias !== undefined
      ? (refreshQuery(ctx, p.RefreshId, p.QueryAlias) ??
        fail("QueryIdNotFoundException", `Refresh ${p.RefreshId} ran no query ${p.QueryAlias}.`))
      : undefined;
  const q = findQuery(ctx, p.QueryId ?? refreshed, p.EventDataStore);
  const run = ctx.lakeQueries.status(q.QueryId);
  const ended = run?.state === "ENDED" ? run : undefined;
  return {
    QueryId: q.QueryId,
    QueryString: q.QueryString,
    QueryStatus: queryStatus(ctx, q),
    QueryStatistics: {
      EventsMatched: ended?.outcome.stats.eventsMatched ?? 0,
      EventsScanned: ended?.outcome.stats.eventsScanned ?? 0,
      BytesScanned: ended?.outcome.stats.bytesScanned ?? 0,
      ExecutionTimeInMillis: Math.max(
        ended?.executionMs ?? 0,
        Math.min(ctx.now.getTime(), q.finishesAt) - q.CreationTime,
      ),
      CreationTime: q.CreationTime / 1000,
    },
    ErrorMessage: errorMessage(ctx, q),
    DeliveryS3Uri: q.DeliveryS3Uri,
    DeliveryStatus: q.DeliveryStatus,
    Prompt: q.Prompt,
  };
}

/**
 * rows as lists of one-key maps of strings, paged; nothing while the query runs. A TIMED_OUT
 * query pages the rows read before its limit, as Lake does. Results are kept seven days after the
 * query finishes and within the emulator's result budget; past either, QueryIdNotFoundException.
 */
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
  if (ctx.now.getTime() - q.finishesAt > RESULTS_KEPT_MS) ctx.lakeQueries.expire(q.QueryId);
  const kept = ctx.lakeQueries.result(q.QueryId);
  if ((status === "FINISHED" || status === "TIMED_OUT") && !kept)
    fail(
      "QueryIdNotFoundException",
      `The results of query ${q.QueryId} have expired: Lake keeps them seven days after the query finishes, and the emulator within its result budget (--query-results-mb).`,
    );
  const rows = kept && (status === "FINISHED" || status === "TIMED_OUT") ? kept.rows : [];
  const columns = kept?.columns ?? [];
  const page = rows.slice(offset, offset + max);
  const run = ctx.lakeQueries.status(q.QueryId);
  return {
    QueryStatus: status,
    QueryStatistics: {
      ResultsCount: page.length,
      TotalResultsCount: rows.length,
      BytesScanned: run?.state === "ENDED" ? run.outcome.stats.bytesScanned : 0,
    },
    QueryResultRows: page.map((row) => row.map((value, i) => ({ [columns[i]]: value ?? "" }))),
    NextToken: offset + max < rows.length ? pageToken(offset + max, bound) : undefined,
    ErrorMessage: errorMessage(ctx, q),
  };
}

/** only a queued or running query can be cancelled (InactiveQueryException otherwise); the engine stops it. */
export function cancelQuery(ctx: RequestContext, p: { QueryId: string; EventDataStore?: string }): Json {
  const q = findQuery(ctx, p.QueryId, p.EventDataStore);
  const status = queryStatus(ctx, q);
  if (status !== "RUNNING" && status !== "QUEUED")
    fail(
      "InactiveQueryException",
      `Query ${q.QueryId} is ${status}; only a running query can be cancelled. (Q-4)`,
    );
  q.cancelled = true;
  ctx.lakeQueries.cancel(q.QueryId);
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
