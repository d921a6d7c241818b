import {
  CancelQueryCommand,
  DescribeQueryCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  type CloudTrailClient,
  type DescribeQueryCommandOutput,
} from "@aws-sdk/client-cloudtrail";
import { checkArguments, lakeClient, sleep, type LakeClientOptions } from "./lake-client";

/** A query template to run by its alias instead of a statement, as StartQuery's QueryAlias (Q-8). */
export interface QueryAliasRef {
  /** The alias, such as generateQuery's `queryAlias`. */
  queryAlias: string;
}

/** Options of {@link runQuery}. */
export interface RunQueryOptions extends LakeClientOptions {
  /** Values of the alias's query parameters, in order; only with a query alias (Q-8). @default none */
  parameters?: string[];
  /** Also deliver the results to this S3 location, `s3://bucket/prefix` (Q-1, Q-4). @default none */
  deliveryS3Uri?: string;
  /** Cancel the query (CancelQuery) and throw when it has not finished after this many seconds. @default 600 */
  timeoutSeconds?: number;
  /** Cancels the query (CancelQuery) and rejects with the signal's reason. @default none */
  signal?: AbortSignal;
  /** Rows per GetQueryResults page, 1-1000 (Q-4). @default 1000 */
  pageSize?: number;
  /**
   * Takes each page of rows as it arrives instead of `rows` (which stays empty), so that a large
   * result never sits in memory at once; the next page is read once its promise resolves.
   * @default none: every row is in `rows`
   */
  onPage?: (rows: Record<string, string>[]) => void | Promise<void>;
  /** Called with each DescribeQuery answer while the query runs. @default none */
  onProgress?: (status: string, statistics: QueryStatistics) => void;
}

/** What DescribeQuery reports of a query (Q-2). */
export interface QueryStatistics {
  /** Events that matched the statement. */
  eventsMatched?: number;
  /** Events read. */
  eventsScanned?: number;
  /** Bytes read. */
  bytesScanned?: number;
  /** Run time so far, in milliseconds. */
  executionTimeInMillis?: number;
}

/** A finished query. */
export interface QueryResult {
  /** Lake's id of the query. */
  queryId: string;
  /** Column names in the order of the first row; empty when no row came back. */
  columns: string[];
  /** Every row of every page, as column name to value (strings, as Lake answers, Q-4); empty with `onPage`. */
  rows: Record<string, string>[];
  /** Rows of every page, `onPage`'s included. */
  rowCount: number;
  /** DescribeQuery's statistics once the query finished (Q-2). */
  statistics: QueryStatistics;
  /** Where the results were delivered (Q-4); undefined without `deliveryS3Uri`. */
  deliveryS3Uri?: string;
  /** SUCCESS, FAILED, ... (Q-2); undefined without `deliveryS3Uri`. */
  deliveryStatus?: string;
  /** GetQueryResults pages read. */
  pages: number;
}

/** A query that ended FAILED, TIMED_OUT or CANCELLED, or that runQuery cancelled; the message is Lake's where it gave one. */
export class QueryError extends Error {
  /** `QueryError`. */
  override readonly name = "QueryError";

  constructor(
    message: string,
    /** Lake's id of the query. */
    readonly queryId: string,
    /** FAILED, TIMED_OUT or CANCELLED (Q-2). */
    readonly status: string,
  ) {
    super(message);
  }
}

const POLL_FIRST_MS = 200;
const POLL_MAX_MS = 5000;

/**
 * Runs a CloudTrail Lake query to the end: StartQuery (Q-1) with the statement, or with a query
 * alias (`{ queryAlias }`, such as generateQuery's; Q-8), DescribeQuery polled with backoff
 * (Q-2), then every page of GetQueryResults as row objects (Q-4). On timeout or abort the query
 * is cancelled (CancelQuery) before the error is thrown; FAILED and TIMED_OUT throw
 * {@link QueryError} with Lake's message.
 */
export async function runQuery(
  query: string | QueryAliasRef,
  options: RunQueryOptions = {},
): Promise<QueryResult> {
  const statement = typeof query === "string" ? query : undefined;
  const queryAlias = typeof query === "string" ? undefined : query?.queryAlias;
  checkArguments("runQuery", "Query", {
    statement,
    queryAlias,
    parameters: options.parameters,
    deliveryS3Uri: options.deliveryS3Uri,
    timeoutSeconds: options.timeoutSeconds,
    pageSize: options.pageSize,
  });
  options.signal?.throwIfAborted();
  const ct = await lakeClient("runQuery", options);
  const { QueryId } = await ct.send(
    new StartQueryCommand({
      QueryStatement: statement,
      QueryAlias: queryAlias,
      QueryParameters: options.parameters,
      DeliveryS3Uri: options.deliveryS3Uri,
    }),
  );
  const queryId = QueryId!;
  const timeout = AbortSignal.timeout((options.timeoutSeconds ?? 600) * 1000);
  const stop = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let described: DescribeQueryCommandOutput;
  try {
    described = await waitForQuery(ct, queryId, stop, options.onProgress);
  } catch (e) {
    if (!stop.aborted) throw e;
    await cancel(ct, queryId);
    if (timeout.aborted && !options.signal?.aborted)
      throw new QueryError(
        `runQuery: query ${queryId} did not finish in ${options.timeoutSeconds ?? 600} s; it was cancelled`,
        queryId,
        "CANCELLED",
      );
    throw options.signal!.reason;
  }
  const rows: Record<string, string>[] = [];
  let columns: string[] | undefined;
  let rowCount = 0;
  let pages = 0;
  let NextToken: string | undefined;
  do {
    const page = await ct.send(
      new GetQueryResultsCommand({ QueryId: queryId, NextToken, MaxQueryResults: options.pageSize }),
    );
    pages++;
    const pageRows = (page.QueryResultRows ?? []).map(
      (row) => Object.assign({}, ...row) as Record<string, string>,
    );
    columns ??= pageRows.length > 0 ? Object.keys(pageRows[0]) : undefined;
    rowCount += pageRows.length;
    if (options.onPage) await options.onPage(pageRows);
    else rows.push(...pageRows);
    NextToken = page.NextToken;
  } while (NextToken);
  return {
    queryId,
    columns: columns ?? [],
    rows,
    rowCount,
    statistics: statistics(described),
    deliveryS3Uri: described.DeliveryS3Uri,
    deliveryStatus: described.DeliveryStatus,
    pages,
  };
}

/** Polls DescribeQuery with backoff until the query ends (and its delivery, if any, with it). */
async function waitForQuery(
  ct: CloudTrailClient,
  queryId: string,
  signal: AbortSignal,
  onProgress: RunQueryOptions["onProgress"],
): Promise<DescribeQueryCommandOutput> {
  let delay = POLL_FIRST_MS;
  for (;;) {
    const described = await ct.send(new DescribeQueryCommand({ QueryId: queryId }), { abortSignal: signal });
    const status = described.QueryStatus ?? "QUEUED";
    onProgress?.(status, statistics(described));
    if (status === "FINISHED" && described.DeliveryStatus !== "PENDING") return described;
    if (status === "FAILED" || status === "TIMED_OUT" || status === "CANCELLED")
      throw new QueryError(
        `runQuery: query ${queryId} ${status}${described.ErrorMessage ? `: ${described.ErrorMessage}` : ""}`,
        queryId,
        status,
      );
    await sleep(delay, signal);
    delay = Math.min(delay * 1.5, POLL_MAX_MS);
  }
}

/** CancelQuery; a query that ended meanwhile (InactiveQueryException) needs none. */
async function cancel(ct: CloudTrailClient, queryId: string): Promise<void> {
  try {
    await ct.send(new CancelQueryCommand({ QueryId: queryId }));
  } catch (e) {
    if ((e as Error).name !== "InactiveQueryException") throw e;
  }
}

function statistics(described: DescribeQueryCommandOutput): QueryStatistics {
  const s = described.QueryStatistics ?? {};
  return {
    eventsMatched: s.EventsMatched,
    eventsScanned: s.EventsScanned,
    bytesScanned: s.BytesScanned,
    executionTimeInMillis: s.ExecutionTimeInMillis,
  };
}
