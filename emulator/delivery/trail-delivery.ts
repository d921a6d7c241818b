import { createHash, randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { partitionOf } from "../context";
import { deleteObject, putObject } from "../lake/object-store";
import { selects } from "../lake/selector-evaluation";
import type { AccountState, EmulatorState, RecordedEvent, TrailRecord } from "../state";
import type { EventSelector } from "../rules/selectors";
import { signHex, signingKey } from "./signing-keys";
import type { RegionCursor, TrailDelivery } from "./records";

/** CloudTrail delivers log files "about every 5 minutes" (user guide); here at each 5-minute mark of the clock. */
export const LOG_INTERVAL_MS = 5 * 60 * 1000;
/** Digest files cover one hour each (user guide: log file integrity validation). */
export const DIGEST_INTERVAL_MS = 3600 * 1000;
/**
 * After a long jump of the clock, hours beyond this many before now are covered by one digest (whose
 * digestStartTime is the previous digest's end), so a jump costs a bounded number of signatures.
 */
const MAX_CATCH_UP_DIGESTS = 24 * 31;
/** Files a digest lists at most; a trail delivers 12 an hour per region, so this is never reached by the clock alone. */
const MAX_PENDING_LOGS = 1000;

/**
 * Delivered files the object store keeps, all buckets together; beyond it the oldest are removed, as
 * an S3 lifecycle rule would expire them, so that the emulator's memory stays bounded.
 */
export const MAX_DELIVERED_FILES = 50_000;
const DELIVERED_KEY =
  /(^|\/)AWSLogs\/(o-[a-z0-9]{10,32}\/)?\d{12}\/CloudTrail(-Digest)?\/[a-z0-9-]+\/\d{4}\/\d\d\/\d\d\/[^/]+\.json\.gz$/;

/**
 * Delivers what is due at `nowMs` for every trail: log files of the windows that have closed, then
 * digest files of the hours that have ended. Reads only the recorded events after each trail's
 * cursor (a binary search in the event journal kept in memory), so a call costs what it delivers
 * (and, when it wrote, one pass over the object store's keys to keep at most `maxFiles` delivered files).
 * Returns the number of objects written (0: nothing changed).
 */
export function deliverDue(state: EmulatorState, nowMs: number, maxFiles = MAX_DELIVERED_FILES): number {
  let written = 0;
  for (const [account, accountState] of Object.entries(state.accounts)) {
    for (const trail of Object.values(accountState.trails)) {
      if (!trail.IsLogging && !trail.Delivery) continue;
      written += deliverTrail(state, account, accountState, trail, nowMs);
    }
  }
  if (written > 0) expireDelivered(state, maxFiles);
  return written;
}

/** Removes the oldest files at trails' keys (logs and digests) beyond `maxFiles`. */
function expireDelivered(state: EmulatorState, maxFiles: number): void {
  const files: { bucket: string; key: string; modified: number }[] = [];
  for (const [bucket, objects] of Object.entries(state.lake.objects)) {
    for (const [key, object] of Object.entries(objects))
      if (DELIVERED_KEY.test(key)) files.push({ bucket, key, modified: object.modified });
  }
  if (files.length <= maxFiles) return;
  files.sort((a, b) => a.modified - b.modified);
  for (const f of files.slice(0, files.length - maxFiles)) deleteObject(state.lake, f.bucket, f.key);
}

function deliverTrail(
  state: EmulatorState,
  account: string,
  accountState: AccountState,
  trail: TrailRecord,
  nowMs: number,
): number {
  const delivery = (trail.Delivery ??= { regions: Object.create(null) as Record<string, RegionCursor> });
  const startedAt = trail.StartLoggingTime ?? nowMs;
  // Events after StopLogging are not delivered; what was recorded before still is.
  const end = trail.IsLogging ? nowMs : Math.min(nowMs, trail.StopLoggingTime ?? nowMs);
  const partition = partitionOf(trail.HomeRegion);
  const regions = trail.IsMultiRegionTrail
    ? Object.keys(accountState.events).filter((r) => partitionOf(r) === partition)
    : [trail.HomeRegion];
  if (!regions.includes(trail.HomeRegion)) regions.push(trail.HomeRegion);
  let written = 0;
  for (const region of regions) {
    const cursor = (delivery.regions[region] ??= { logsUntil: startedAt, pending: [] });
    if (trail.IsLogging && cursor.logsUntil < startedAt) cursor.logsUntil = startedAt;
    const events = accountState.events[region] ?? [];
    written += deliverLogs(state, account, trail, region, cursor, events, end, nowMs);
    written += deliverDigests(state, account, trail, region, cursor, end, nowMs);
  }
  return written;
}

/** Delivers one log file per closed 5-minute window that holds selected events; empty windows are skipped. */
function deliverLogs(
  state: EmulatorState,
  account: string,
  trail: TrailRecord,
  region: string,
  cursor: RegionCursor,
  events: readonly RecordedEvent[],
  end: number,
  nowMs: number,
): number {
  let written = 0;
  for (;;) {
    const windowEnd = Math.floor(cursor.logsUntil / LOG_INTERVAL_MS) * LOG_INTERVAL_MS + LOG_INTERVAL_MS;
    if (windowEnd > nowMs) return written;
    const from = firstAtOrAfter(events, cursor.logsUntil);
    // The StopLogging call itself (recorded at the stop time) is delivered.
    const to = firstAtOrAfter(events, Math.min(windowEnd, end + 1));
    const records = events
      .slice(from, Math.max(from, to))
      .map((e) => JSON.parse(e.CloudTrailEvent) as Record<string, unknown>)
      .filter((r) => selected(trail, r));
    if (records.length > 0) {
      writeLog(state, account, trail, region, cursor, records, windowEnd);
      written++;
    }
    // Jump over the empty windows up to the next recorded event (or to now).
    const next = firstAtOrAfter(events, windowEnd);
    const resumeAt = next < events.length && events[next].EventTime <= end ? events[next].EventTime : nowMs;
    cursor.logsUntil = Math.max(windowEnd, Math.floor(resumeAt / LOG_INTERVAL_MS) * LOG_INTERVAL_MS);
  }
}

function writeLog(
  state: EmulatorState,
  account: string,
  trail: TrailRecord,
  region: string,
  cursor: RegionCursor,
  records: Record<string, unknown>[],
  deliveredAt: number,
): void {
  const delivery = trail.Delivery as TrailDelivery;
  const bucket = trail.S3BucketName;
  delivery.latestDeliveryAttemptTime = deliveredAt;
  if (!bucketExists(state, bucket)) {
    // AWS reports the S3 error code it met; the window's events are not delivered.
    delivery.latestDeliveryAttemptSucceeded = false;
    delivery.latestDeliveryError = "NoSuchBucket";
    return;
  }
  const unique = randomBytes(12).toString("base64url").replace(/[-_]/g, "x").slice(0, 16);
  const key =
    `${logsRoot(state, account, trail)}CloudTrail/${region}/${datePath(deliveredAt)}/` +
    `${account}_CloudTrail_${region}_${stamp(deliveredAt).slice(0, 13)}Z_${unique}.json.gz`;
  const json = JSON.stringify({ Records: records });
  putObject(state.lake, bucket, key, gzipSync(json), deliveredAt, { contentType: "application/json" });
  delivery.latestDeliveryTime = deliveredAt;
  delivery.latestDeliveryAttemptSucceeded = true;
  delivery.latestDeliveryError = undefined;
  if (trail.LogFileValidationEnabled && cursor.pending.length < MAX_PENDING_LOGS) {
    const times = records.map((r) => String(r.eventTime)).sort();
    cursor.pending.push({
      s3Bucket: bucket,
      s3Object: key,
      hashValue: sha256Hex(json),
      oldestEventTime: times[0],
      newestEventTime: times[times.length - 1],
      deliveredAt,
    });
  }
}

/**
 * Delivers a digest for each hour that has ended while log file validation is on, chained to the
 * previous one and signed as the user guide's "custom implementation" page documents. Turning
 * validation off, or logging off (after a last digest), breaks the chain: the next digest starts one.
 */
function deliverDigests(
  state: EmulatorState,
  account: string,
  trail: TrailRecord,
  region: string,
  cursor: RegionCursor,
  end: number,
  nowMs: number,
): number {
  if (!trail.LogFileValidationEnabled) {
    cursor.digestUntil = cursor.previous = undefined;
    cursor.pending = [];
    return 0;
  }
  // Digest times are written to the second: the chain starts on a whole second.
  cursor.digestUntil ??= Math.floor(Math.min(cursor.logsUntil, nowMs) / 1000) * 1000;
  let written = 0;
  while (cursor.digestUntil + DIGEST_INTERVAL_MS <= nowMs) {
    if (!trail.IsLogging && cursor.digestUntil >= end) break;
    const due = Math.floor((nowMs - cursor.digestUntil) / DIGEST_INTERVAL_MS);
    const hours = due > MAX_CATCH_UP_DIGESTS ? due - MAX_CATCH_UP_DIGESTS + 1 : 1;
    const digestEnd = cursor.digestUntil + hours * DIGEST_INTERVAL_MS;
    writeDigest(state, account, trail, region, cursor, digestEnd);
    written++;
  }
  if (!trail.IsLogging && cursor.digestUntil >= end) {
    cursor.digestUntil = cursor.previous = undefined;
    cursor.pending = [];
  }
  return written;
}

function writeDigest(
  state: EmulatorState,
  account: string,
  trail: TrailRecord,
  region: string,
  cursor: RegionCursor,
  digestEnd: number,
): void {
  const delivery = trail.Delivery as TrailDelivery;
  const start = cursor.digestUntil as number;
  const logs = cursor.pending.filter((l) => l.deliveredAt <= digestEnd);
  cursor.pending = cursor.pending.filter((l) => l.deliveredAt > digestEnd);
  cursor.digestUntil = digestEnd;
  const bucket = trail.S3BucketName;
  if (!bucketExists(state, bucket)) {
    delivery.latestDigestDeliveryError = "NoSuchBucket";
    return;
  }
  const endTime = isoSeconds(digestEnd);
  const key =
    `${logsRoot(state, account, trail)}CloudTrail-Digest/${region}/${datePath(digestEnd)}/` +
    `${account}_CloudTrail-Digest_${region}_${trail.Name}_${trail.HomeRegion}_${stamp(digestEnd)}.json.gz`;
  const signer = signingKey(state, region, digestEnd);
  const times = logs.flatMap((l) => [l.oldestEventTime, l.newestEventTime]).sort();
  const previous = cursor.previous;
  const digest = {
    awsAccountId: account,
    digestStartTime: isoSeconds(start),
    digestEndTime: endTime,
    digestS3Bucket: bucket,
    digestS3Object: key,
    digestPublicKeyFingerprint: signer.fingerprint,
    digestSignatureAlgorithm: "SHA256withRSA",
    ...(times.length > 0 ? { newestEventTime: times[times.length - 1], oldestEventTime: times[0] } : {}),
    previousDigestS3Bucket: previous?.bucket ?? null,
    previousDigestS3Object: previous?.key ?? null,
    previousDigestHashValue: previous?.hashValue ?? null,
    previousDigestHashAlgorithm: previous ? "SHA-256" : null,
    previousDigestSignature: previous?.signature ?? null,
    logFiles: logs.map((l) => ({
      s3Bucket: l.s3Bucket,
      s3Object: l.s3Object,
      hashValue: l.hashValue,
      hashAlgorithm: "SHA-256",
      newestEventTime: l.newestEventTime,
      oldestEventTime: l.oldestEventTime,
    })),
  };
  const json = JSON.stringify(digest);
  const hashValue = sha256Hex(json);
  // The data signing string: end time, bucket/key, the digest's SHA-256 (hex), the previous signature or "null".
  const signature = signHex(
    signer,
    [endTime, `${bucket}/${key}`, hashValue, previous?.signature ?? "null"].join("\n"),
  );
  putObject(state.lake, bucket, key, gzipSync(json), digestEnd, {
    contentType: "application/json",
    meta: { signature, "signature-algorithm": "SHA256withRSA" },
  });
  cursor.previous = { bucket, key, hashValue, signature };
  delivery.latestDigestDeliveryTime = digestEnd;
  delivery.latestDigestDeliveryError = undefined;
}

/**
 * TRAIL-8 and the trail's selectors, for the events the emulator records: management events, and
 * S3 object data events (basic selectors' AWS::S3::Object values, ES-4; advanced selectors as written).
 */
export function selected(trail: TrailRecord, record: Record<string, unknown>): boolean {
  if (trail.AdvancedEventSelectors) return selects(trail.AdvancedEventSelectors, record);
  const objectArn = record.eventCategory === "Data" ? dataObjectArn(record) : undefined;
  return (trail.EventSelectors ?? []).some((s: EventSelector) => {
    const readWrite = s.ReadWriteType ?? "All";
    if (!(readWrite === "All" || (readWrite === "ReadOnly") === (record.readOnly === true))) return false;
    if (objectArn !== undefined)
      return (s.DataResources ?? []).some(
        (d) =>
          d.Type === "AWS::S3::Object" &&
          (d.Values ?? []).some((v) => /^arn:[a-z-]+:s3(:::)?$/.test(v) || objectArn.startsWith(v)),
      );
    if (record.eventCategory === "Data" || s.IncludeManagementEvents === false) return false;
    return !(s.ExcludeManagementEventSources ?? []).includes(String(record.eventSource));
  });
}

function dataObjectArn(record: Record<string, unknown>): string | undefined {
  const resources = Array.isArray(record.resources)
    ? (record.resources as { type?: string; ARN?: string }[])
    : [];
  return resources.find((r) => r.type === "AWS::S3::Object")?.ARN ?? "";
}

/**
 * A bucket the trail can deliver to: a registered one, or any when none are registered (as
 * CreateTrail judges S3BucketDoesNotExistException).
 */
export function bucketExists(state: EmulatorState, bucket: string): boolean {
  const registered = state.registry.s3Buckets;
  return registered.length === 0 || registered.includes(bucket);
}

/**
 * `<prefix>/AWSLogs/<account>/`, with the organization's id before the account for an organization
 * trail: the declared organization's (EmulatorAdmin.organization), else one derived from the account.
 */
function logsRoot(state: EmulatorState, account: string, trail: TrailRecord): string {
  const prefix = trail.S3KeyPrefix ? `${trail.S3KeyPrefix}/` : "";
  const org = trail.IsOrganizationTrail ? `${state.organization?.id ?? organizationId(account)}/` : "";
  return `${prefix}AWSLogs/${org}${account}/`;
}

/** The emulated organization's id: `o-` and 10 characters, as AWS Organizations ids look. */
export function organizationId(managementAccount: string): string {
  return `o-${createHash("sha256").update(managementAccount).digest("hex").slice(0, 10)}`;
}

/** Index of the first event at or after `t` (events are kept in time order). */
function firstAtOrAfter(events: readonly RecordedEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid].EventTime < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** 2015-08-17T15:01:31Z: how digest files write times. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** 20150817T150131Z: the digest key's timestamp (a log file's takes the first 13 characters and Z). */
function stamp(ms: number): string {
  return isoSeconds(ms).replace(/[-:]/g, "");
}

/** yyyy/MM/dd of a time, UTC. */
function datePath(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, "/");
}
