import { randomUUID } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { fail, ServiceError } from "../errors";
import { pageToken, readPageToken, type RequestContext } from "../context";
import { addEvents } from "./delivery";
import { MAX_EVENT_DEPTH } from "./audit-events";
import { requireManagementForOrganizationStore } from "../organization";
import { findStore, regionStores, storeKind } from "./event-data-stores";
import { listObjects, getObject, parseS3Uri } from "./object-store";
import { importPhase, lakeRegion, type ImportRecord, type LakeEvent } from "./state";

type Json = Record<string, unknown>;
type S3Source = ImportRecord["ImportSource"]["S3"];

/** IMP-5: where trails deliver log files, under the source's prefix. */
const LOG_FILE =
  /(^|\/)AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+\.json\.gz$/;
/**
 * Import expansion caps, each reported as an import failure of the file or record: a log file
 * trails deliver every few minutes holds far fewer events and bytes than these.
 */
export const MAX_IMPORT_FILE_BYTES = 32 * 1024 * 1024;
export const MAX_IMPORT_FILE_EVENTS = 50_000;
/** CloudTrail's largest event (Large MaxEventSize). */
const MAX_IMPORT_EVENT_BYTES = 1024 * 1024;
/** Failure entries an import keeps for ListImportFailures; FailedEntries counts them all. */
const MAX_IMPORT_FAILURES = 1000;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);
const toMs = (t: number | string | undefined): number | undefined =>
  t === undefined ? undefined : typeof t === "number" ? t * 1000 : Date.parse(t);

/** Every import of the account, in every region, brought up to date with the clock. */
function accountImports(ctx: RequestContext): ImportRecord[] {
  const all: ImportRecord[] = [];
  for (const [key, region] of Object.entries(ctx.state.lake.regions)) {
    if (!key.startsWith(`${ctx.account}/`)) continue;
    for (const imp of Object.values(region.imports)) {
      settle(ctx, imp);
      all.push(imp);
    }
  }
  return all;
}

/** Moves an import along the clock (IMP-4); when due, reads the source and delivers its events (IMP-5). */
function settle(ctx: RequestContext, imp: ImportRecord): void {
  const phase = importPhase(imp, ctx.now.getTime(), ctx.lake.importPhaseSeconds);
  if (phase === imp.status) return;
  imp.UpdatedTimestamp = ctx.now.getTime();
  if (phase !== "DUE") {
    imp.status = phase;
    return;
  }
  run(ctx, imp);
}

function run(ctx: RequestContext, imp: ImportRecord): void {
  const source = parseS3Uri(imp.ImportSource.S3.S3LocationUri)!;
  const keys = listObjects(ctx.state.lake, source.bucket, source.prefix).filter((k) => LOG_FILE.test(k));
  const prefixes = new Set(keys.map((k) => k.slice(0, k.lastIndexOf("/"))));
  const stores = regionStores(ctx);
  const destination = Object.hasOwn(stores, imp.Destinations[0]) ? stores[imp.Destinations[0]] : undefined;
  const stats = {
    PrefixesFound: prefixes.size,
    PrefixesCompleted: 0,
    FilesCompleted: 0,
    EventsCompleted: 0,
    FailedEntries: 0,
  };
  const failures: ImportRecord["failures"] = [];
  const failure = (key: string, errorType: string, message: string): void => {
    stats.FailedEntries++;
    // The count goes on; the list stops, so a hostile file cannot grow the import without bound.
    if (failures.length < MAX_IMPORT_FAILURES)
      failures.push({
        Location: `s3://${source.bucket}/${key}`,
        Status: "FAILED",
        ErrorType: errorType,
        ErrorMessage: message,
        LastUpdatedTime: ctx.now.getTime(),
      });
  };
  const completedPrefixes = new Set<string>();
  for (const key of keys) {
    let records: unknown[];
    try {
      records = readLogFile(getObject(ctx.state.lake, source.bucket, key)!);
    } catch (e) {
      failure(
        key,
        "FileReadError",
        `The log file could not be read as gzipped CloudTrail JSON: ${(e as Error).message} (IMP-5)`,
      );
      continue;
    }
    const inRange: LakeEvent[] = [];
    records.forEach((r, i) => {
      const problem = recordProblem(r);
      if (problem) return failure(key, "InvalidRecord", `Record ${i} ${problem} (IMP-5)`);
      const t = Date.parse(String((r as LakeEvent).eventTime));
      if (
        (imp.StartEventTime === undefined || t >= imp.StartEventTime) &&
        (imp.EndEventTime === undefined || t <= imp.EndEventTime)
      )
        inRange.push(r as LakeEvent);
    });
    const added = destination ? addEvents(ctx, destination, inRange, imp.ImportId) : inRange.length;
    if (added < inRange.length)
      failure(
        key,
        "StorageLimitExceeded",
        `${inRange.length - added} of the file's events were not imported: account ${ctx.account}'s stores hold the ${ctx.lake.accountEventBytes} bytes of events the emulator keeps per account (--lake-event-bytes).`,
      );
    stats.FilesCompleted++;
    stats.EventsCompleted += added;
    completedPrefixes.add(key.slice(0, key.lastIndexOf("/")));
  }
  stats.PrefixesCompleted = completedPrefixes.size;
  imp.statistics = stats;
  imp.failures = failures;
  imp.status = keys.length > 0 && stats.FilesCompleted === 0 ? "FAILED" : "COMPLETED";
}

/**
 * The records of one log file: gunzipped within MAX_IMPORT_FILE_BYTES (a small object cannot
 * expand without bound), a JSON object whose Records list holds at most MAX_IMPORT_FILE_EVENTS.
 */
function readLogFile(gzipped: Buffer): unknown[] {
  let text: string;
  try {
    text = gunzipSync(gzipped, { maxOutputLength: MAX_IMPORT_FILE_BYTES }).toString("utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      throw new Error(`the file decompresses to more than ${MAX_IMPORT_FILE_BYTES} bytes`);
    throw e;
  }
  const doc = JSON.parse(text) as { Records?: unknown } | null;
  if (!Array.isArray(doc?.Records)) throw new Error("the file has no Records list");
  if (doc.Records.length > MAX_IMPORT_FILE_EVENTS)
    throw new Error(
      `the file holds ${doc.Records.length} records; at most ${MAX_IMPORT_FILE_EVENTS} are read`,
    );
  return doc.Records as unknown[];
}

/** Why one record of a log file cannot be stored (not an object, nested too deep, too large), or undefined. */
function recordProblem(record: unknown): string | undefined {
  if (typeof record !== "object" || record === null || Array.isArray(record)) return "is not a JSON object";
  if (nestsDeeper(record, MAX_EVENT_DEPTH)) return `nests deeper than ${MAX_EVENT_DEPTH} levels`;
  const bytes = Buffer.byteLength(JSON.stringify(record));
  if (bytes > MAX_IMPORT_EVENT_BYTES)
    return `is ${bytes} bytes; an event is at most ${MAX_IMPORT_EVENT_BYTES} bytes`;
  return undefined;
}

/** Whether a parsed JSON value nests deeper than `limit`; recursion stops at the limit. */
function nestsDeeper(value: unknown, limit: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (limit === 0) return true;
  return Object.values(value).some((v) => nestsDeeper(v, limit - 1));
}

function findImport(ctx: RequestContext, id: string): ImportRecord {
  const imp = accountImports(ctx).find((i) => i.ImportId === id);
  return imp ?? fail("ImportNotFoundException", `The import ${id} does not exist.`);
}

function importShape(imp: ImportRecord): Json {
  return {
    ImportId: imp.ImportId,
    Destinations: imp.Destinations,
    ImportSource: imp.ImportSource,
    StartEventTime: seconds(imp.StartEventTime),
    EndEventTime: seconds(imp.EndEventTime),
    ImportStatus: imp.status,
    CreatedTimestamp: seconds(imp.CreatedTimestamp),
    UpdatedTimestamp: seconds(imp.UpdatedTimestamp),
    ImportStatistics: imp.statistics,
  };
}

/** StartImport answers without statistics. */
function startShape(imp: ImportRecord): Json {
  const shape = importShape(imp);
  delete shape.ImportStatistics;
  return shape;
}

/** IMP-3: one import at a time per account. */
function checkNoOngoingImport(ctx: RequestContext): void {
  const ongoing = accountImports(ctx).find((i) => i.status === "INITIALIZING" || i.status === "IN_PROGRESS");
  if (ongoing)
    fail(
      "AccountHasOngoingImportException",
      `Account ${ctx.account} already has import ${ongoing.ImportId} running. (IMP-3)`,
    );
}

/** IMP-4: only a FAILED or STOPPED import runs again; a COMPLETED one would deliver twice. */
function retryImport(ctx: RequestContext, importId: string): Json {
  const retry = findImport(ctx, importId);
  if (retry.status === "COMPLETED")
    fail(
      "OperationNotPermittedException",
      `The import ${retry.ImportId} is COMPLETED; only a FAILED or STOPPED import can be retried. (IMP-4)`,
    );
  checkNoOngoingImport(ctx);
  retry.status = "INITIALIZING";
  retry.startedAt = retry.UpdatedTimestamp = ctx.now.getTime();
  return startShape(retry);
}

export function startImport(
  ctx: RequestContext,
  p: {
    ImportId?: string;
    Destinations?: string[];
    ImportSource?: { S3?: Partial<S3Source> };
    StartEventTime?: number;
    EndEventTime?: number;
  },
): Json {
  if (p.ImportId !== undefined && p.Destinations === undefined && p.ImportSource === undefined)
    return retryImport(ctx, p.ImportId);
  const s3 = p.ImportSource?.S3;
  if (
    !p.Destinations ||
    p.Destinations.length !== 1 ||
    !s3?.S3LocationUri ||
    !s3.S3BucketRegion ||
    !s3.S3BucketAccessRoleArn
  ) {
    fail(
      "InvalidParameterException",
      "A new import needs Destinations (one event data store ARN) and ImportSource.S3 with S3LocationUri, S3BucketRegion and S3BucketAccessRoleArn; a retry needs only ImportId. (IMP-1)",
    );
  }
  const start = toMs(p.StartEventTime);
  const end = toMs(p.EndEventTime);
  if (start !== undefined && end !== undefined && start > end)
    fail("InvalidParameterException", "StartEventTime is after EndEventTime. (IMP-2)");
  const source = parseS3Uri(s3.S3LocationUri);
  if (!source || !ROLE_ARN.test(s3.S3BucketAccessRoleArn))
    fail(
      "InvalidImportSourceException",
      `Import source ${s3.S3LocationUri} is not an s3:// URI with an IAM role ARN. (IMP-1)`,
    );
  const buckets = ctx.state.registry.s3Buckets;
  if (buckets.length > 0 && !buckets.includes(source!.bucket))
    fail("InvalidImportSourceException", `S3 bucket ${source!.bucket} does not exist. (IMP-1)`);
  const store = findStore(ctx, p.Destinations[0], true);
  if (storeKind(store) !== "cloudtrail") {
    fail(
      "InvalidEventDataStoreCategoryException",
      `Event data store ${store.Name} does not hold CloudTrail events; log files cannot be imported into it. (IMP-6)`,
    );
  }
  if (store.OrganizationEnabled)
    requireManagementForOrganizationStore(
      ctx,
      store.Name,
      "copy trail events into it",
      "OperationNotPermittedException",
    );
  checkNoOngoingImport(ctx);
  const now = ctx.now.getTime();
  const imp: ImportRecord = {
    ImportId: randomUUID(),
    Destinations: [store.EventDataStoreArn],
    ImportSource: { S3: s3 as S3Source },
    StartEventTime: start,
    EndEventTime: end,
    status: "INITIALIZING",
    startedAt: now,
    CreatedTimestamp: now,
    UpdatedTimestamp: now,
    statistics: {
      PrefixesFound: 0,
      PrefixesCompleted: 0,
      FilesCompleted: 0,
      EventsCompleted: 0,
      FailedEntries: 0,
    },
    failures: [],
  };
  lakeRegion(ctx.state.lake, ctx.account, ctx.region).imports[imp.ImportId] = imp;
  return startShape(imp);
}

export function getImport(ctx: RequestContext, p: { ImportId: string }): Json {
  return importShape(findImport(ctx, p.ImportId));
}

/** IMP-4: StopImport moves a running import to STOPPED; the events it had not delivered are not delivered. */
export function stopImport(ctx: RequestContext, p: { ImportId: string }): Json {
  const imp = findImport(ctx, p.ImportId);
  if (imp.status === "INITIALIZING" || imp.status === "IN_PROGRESS") {
    imp.status = "STOPPED";
    imp.UpdatedTimestamp = ctx.now.getTime();
  }
  return importShape(imp);
}

function pageSize(max: number | undefined, ctx: RequestContext): number {
  const n = max ?? ctx.pageSize;
  if (n < 1 || n > 1000) fail("InvalidParameterException", `MaxResults ${n} is not between 1 and 1000.`);
  return n;
}

/**
 * The store ListImports filters by. A malformed reference is refused; one that names no store lists
 * nothing (ListImports lists no EventDataStoreNotFoundException), so an ARN still matches the
 * imports of a store since purged.
 */
function listedDestination(ctx: RequestContext, ref: string): string {
  try {
    return findStore(ctx, ref).EventDataStoreArn;
  } catch (e) {
    if (e instanceof ServiceError && e.code === "EventDataStoreNotFoundException") return ref;
    throw e;
  }
}

export function listImports(
  ctx: RequestContext,
  p: { MaxResults?: number; Destination?: string; ImportStatus?: string; NextToken?: string },
): Json {
  const max = pageSize(p.MaxResults, ctx);
  const destination = p.Destination === undefined ? undefined : listedDestination(ctx, p.Destination);
  const bound = `ListImports:${destination}:${p.ImportStatus}`;
  const offset = readPageToken(p.NextToken, bound);
  if (offset === undefined) fail("InvalidNextTokenException", "The NextToken is not valid.");
  const matches = accountImports(ctx)
    .filter(
      (i) =>
        (destination === undefined || i.Destinations.includes(destination)) &&
        (p.ImportStatus === undefined || i.status === p.ImportStatus),
    )
    .sort((a, b) => b.CreatedTimestamp - a.CreatedTimestamp);
  return {
    Imports: matches.slice(offset, offset + max).map((i) => ({
      ImportId: i.ImportId,
      ImportStatus: i.status,
      Destinations: i.Destinations,
      CreatedTimestamp: seconds(i.CreatedTimestamp),
      UpdatedTimestamp: seconds(i.UpdatedTimestamp),
    })),
    NextToken: offset + max < matches.length ? pageToken(offset + max, bound) : undefined,
  };
}

export function listImportFailures(
  ctx: RequestContext,
  p: { ImportId: string; MaxResults?: number; NextToken?: string },
): Json {
  const max = pageSize(p.MaxResults, ctx);
  // ListImportFailures lists no ImportNotFoundException (the SDK's @throws): an unknown ID is a bad parameter.
  const imp = accountImports(ctx).find((i) => i.ImportId === p.ImportId);
  if (!imp) return fail("InvalidParameterException", `The import ${p.ImportId} does not exist.`);
  const bound = `ListImportFailures:${imp.ImportId}`;
  const offset = readPageToken(p.NextToken, bound);
  if (offset === undefined) fail("InvalidNextTokenException", "The NextToken is not valid.");
  return {
    Failures: imp.failures
      .slice(offset, offset + max)
      .map((f) => ({ ...f, LastUpdatedTime: seconds(f.LastUpdatedTime) })),
    NextToken: offset + max < imp.failures.length ? pageToken(offset + max, bound) : undefined,
  };
}
