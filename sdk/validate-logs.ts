import { resolveEndpoint } from "./endpoint";
import { createHash, type KeyObject } from "node:crypto";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, gunzipSync } from "node:zlib";
import { GetTrailCommand, ListPublicKeysCommand, type CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { S3Client } from "@aws-sdk/client-s3";
import {
  digestFolder,
  digestKeyPattern,
  keyStamp,
  parseDigest,
  publicKeyFromListing,
  stampTime,
  verifyDigestSignature,
  type DigestFile,
  type DigestLogFile,
} from "./digest-files";
import { checkArguments, lakeClient, resolveClientConfig, type LakeClientOptions } from "./lake-client";

/** Options of {@link validateLogs}. */
export interface ValidateLogsOptions extends LakeClientOptions {
  /** Log files delivered at or after this UTC time are validated. */
  startTime: Date | string;
  /** Log files delivered at or before this UTC time are validated. @default now */
  endTime?: Date | string;
  /** The bucket that holds the digests, when it is no longer the trail's (NAME-4). @default the trail's bucket (GetTrail) */
  s3Bucket?: string;
  /** The digests' key prefix, with `s3Bucket` (NAME-4). @default the trail's prefix (GetTrail) */
  s3Prefix?: string;
  /** The account whose files are validated; an organization trail needs a member account. @default the trail's account */
  accountId?: string;
  /** An organization trail's organization, `o-...`. @default the one `o-` folder under the bucket's `AWSLogs/` */
  organizationId?: string;
  /** Where S3 calls go. @default `endpoint` (the emulator serves both on one port), else AWS's S3 endpoint */
  s3Endpoint?: string;
  /** Log files read at once, 1-64. @default 8 */
  concurrency?: number;
  /** Stops the validation; the pending requests are aborted. @default none */
  signal?: AbortSignal;
  /** Called with each digest and log file once checked, valid ones included (the CLI's `--verbose`). @default none */
  onFile?: (file: CheckedFile) => void;
  /** Called as files are checked, for progress on long ranges. @default none */
  onProgress?: (progress: ValidationCounts) => void;
}

/** What validation found for one file. */
export type FileStatus = "valid" | "invalid" | "missing";

/** One digest or log file and what validation found. */
export interface CheckedFile {
  /** `digest` or `log`. */
  kind: "digest" | "log";
  /** The file's bucket. */
  bucket: string;
  /** The file's key. */
  key: string;
  /** `valid`; `invalid` (changed, unreadable, badly signed); `missing` (deleted). */
  status: FileStatus;
  /** Why it is not valid, in the AWS CLI's words ("hash value doesn't match", "signature verification failed"). */
  reason?: string;
}

/** Files checked so far, by kind and status. */
export interface ValidationCounts {
  /** Digest files by status. */
  digestFiles: Record<FileStatus, number>;
  /** Log files by status. */
  logFiles: Record<FileStatus, number>;
}

/** A break in the digest chain: CloudTrail delivered no log files between these times (logging or validation was off). */
export interface DigestGap {
  /** ISO time: the end of the last digest before the gap. */
  from: string;
  /** ISO time: the start of the first digest after it. */
  to: string;
}

/** What {@link validateLogs} found. */
export interface ValidateLogsResult extends ValidationCounts {
  /** The trail validated. */
  trailArn: string;
  /** ISO time the range asked for starts. */
  startTime: string;
  /** ISO time the range asked for ends. */
  endTime: string;
  /** ISO time the valid digests' coverage starts, within the range. @default absent when no digest was valid */
  foundStartTime?: string;
  /** ISO time the valid digests' coverage ends, within the range. @default absent when no digest was valid */
  foundEndTime?: string;
  /** Where the digests were read: `s3://bucket/prefix/AWSLogs/.../CloudTrail-Digest/<region>/`. */
  digestLocation: string;
  /** Every invalid or missing file, newest digest first. */
  problems: CheckedFile[];
  /** Breaks in the chain where nothing was delivered; not a fault. */
  gaps: DigestGap[];
  /** True when at least one digest was checked and no file is invalid or missing. */
  valid: boolean;
}

/** Why validation could not run: nothing was judged. */
export type ValidateLogsErrorCode =
  "LogFileValidationDisabled" | "NoDigestsInRange" | "OrganizationAccountRequired" | "BucketNotReadable";

/** Validation could not run (no digests to check, a bucket it cannot read); `code` says which. */
export class ValidateLogsError extends Error {
  /** `ValidateLogsError`. */
  override readonly name = "ValidateLogsError";

  constructor(
    /** Which of the reasons. */
    readonly code: ValidateLogsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`validateLogs: ${message}`, options);
  }
}

/**
 * Validates a trail's log files as the AWS CLI's `aws cloudtrail validate-logs` does: walks the
 * digest chain backwards from the newest digest in the range, verifies each digest's
 * SHA256withRSA signature with the public key ListPublicKeys gives for its fingerprint, and each
 * log file it lists by the SHA-256 of its uncompressed content. Invalid or missing files are
 * results, not errors; {@link ValidateLogsError} means nothing could be judged. Digests are those
 * of the region the client is configured for, as the AWS CLI's.
 *
 * ```ts
 * const result = await validateLogs("arn:aws:cloudtrail:us-east-1:111122223333:trail/audit", { startTime: "2026-01-01T00:00:00Z" });
 * if (!result.valid) for (const p of result.problems) console.error(p.key, p.status, p.reason);
 * ```
 */
export async function validateLogs(
  trailArn: string,
  options: ValidateLogsOptions,
): Promise<ValidateLogsResult> {
  const iso = (t: Date | string | undefined) => (t instanceof Date ? t.toISOString() : t);
  checkArguments("validateLogs", "ValidateLogs", {
    trailArn,
    startTime: iso(options.startTime),
    endTime: iso(options.endTime),
    s3Bucket: options.s3Bucket,
    s3Prefix: options.s3Prefix,
    accountId: options.accountId,
    organizationId: options.organizationId,
    concurrency: options.concurrency,
  });
  const ct = await lakeClient("validateLogs", options);
  const config = resolveClientConfig(options);
  // The same endpoint rule as every function: the option, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL.
  const endpoint = await resolveEndpoint(
    "validateLogs",
    "S3",
    options.s3Endpoint ?? config.endpoint,
    config.profile,
  );
  // Loaded at call time, so that a Pulumi program importing the package never loads the S3 client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require("@aws-sdk/client-s3") as S3Sdk;
  const s3 = new sdk.S3Client({
    region: config.region,
    profile: config.profile,
    credentials: config.credentials,
    endpoint,
    // Endpoint overrides (the emulator, MinIO) serve buckets as paths, not host names.
    forcePathStyle: endpoint !== undefined,
    followRegionRedirects: true,
    maxAttempts: config.maxAttempts ?? 3,
  });
  const walk = new DigestWalk(ct, { client: s3, sdk }, trailArn, options);
  try {
    return await walk.run();
  } finally {
    s3.destroy();
  }
}

const HOUR = 3_600_000;

type S3Sdk = typeof import("@aws-sdk/client-s3");

/** One validation run: where the digests are, the keys, and the counts as the walk goes. */
class DigestWalk {
  private readonly start: Date;
  private readonly end: Date;
  private readonly homeRegion: string;
  private readonly trailName: string;
  private region = "";
  private readonly keys = new Map<string, KeyObject | undefined>();
  private readonly counts: ValidationCounts = {
    digestFiles: { valid: 0, invalid: 0, missing: 0 },
    logFiles: { valid: 0, invalid: 0, missing: 0 },
  };
  private readonly problems: CheckedFile[] = [];
  private readonly gaps: DigestGap[] = [];
  private foundStart?: Date;
  private foundEnd?: Date;

  constructor(
    private readonly ct: CloudTrailClient,
    private readonly s3: { client: S3Client; sdk: S3Sdk },
    private readonly trailArn: string,
    private readonly options: ValidateLogsOptions,
  ) {
    this.start = new Date(options.startTime);
    this.end = options.endTime === undefined ? new Date() : new Date(options.endTime);
    const [, , , region, , resource] = trailArn.split(":");
    this.homeRegion = region;
    this.trailName = resource.slice("trail/".length);
  }

  async run(): Promise<ValidateLogsResult> {
    this.region = (await this.ct.config.region()) || this.homeRegion;
    const place = await this.locate();
    let bucket = place.bucket;
    const folder = digestFolder({ ...place, region: this.region });
    const location = `s3://${bucket}/${folder}`;
    let listed = await this.listDigests(bucket, folder, place.accountId);
    if (listed.length === 0) {
      if (place.validationEnabled === false)
        throw new ValidateLogsError(
          "LogFileValidationDisabled",
          `trail ${this.trailArn} has log file validation off (LogFileValidationEnabled is false), and ${location} ` +
            `holds no digest files between ${this.start.toISOString()} and ${this.end.toISOString()}; turn validation ` +
            `on (enableLogFileValidation on the Trail) and validate from an hour later`,
        );
      throw new ValidateLogsError(
        "NoDigestsInRange",
        `no digest files of trail ${this.trailArn} in ${location} between ${this.start.toISOString()} and ` +
          `${this.end.toISOString()}; CloudTrail delivers a trail's first digest about an hour after validation is ` +
          `turned on: give a range (startTime, endTime) that covers a delivered hour`,
      );
    }
    await this.loadKeys(this.start, this.end);

    const before = (key: string) => {
      const stamp = stampOf(key);
      while (listed.length > 0) {
        const next = listed.pop()!;
        if (next.stamp < stamp) return next;
      }
      return undefined;
    };
    let next: ListedDigest | undefined = listed.pop();
    let lastStart = next ? stampTime(next.stamp) : this.start;
    while (next && this.start <= lastStart) {
      const key = next.key;
      const checked = await this.checkDigest(bucket, key);
      if (!checked.digest) {
        next = before(key);
        continue;
      }
      const digest = checked.digest;
      lastStart = new Date(digest.digestStartTime);
      this.track(digest);
      await this.checkLogs(digest.logFiles);
      const previous = digest.previousDigestS3Object;
      if (!digest.previousDigestS3Bucket || !previous) {
        next = before(key);
        if (next) this.gaps.push({ from: stampTime(next.stamp).toISOString(), to: lastStart.toISOString() });
      } else {
        if (digest.previousDigestS3Bucket !== bucket) {
          bucket = digest.previousDigestS3Bucket;
          listed = await this.listDigests(bucket, folder, place.accountId);
        }
        next = { key: previous, stamp: stampOf(previous) };
      }
    }
    return this.result(location);
  }

  /** The bucket, prefix and account of the digests: the options, else the trail (GetTrail). */
  private async locate(): Promise<{
    bucket: string;
    prefix?: string;
    accountId: string;
    organizationId?: string;
    validationEnabled?: boolean;
  }> {
    const o = this.options;
    const trailAccount = this.trailArn.split(":")[4];
    if (o.s3Bucket)
      return {
        bucket: o.s3Bucket,
        prefix: o.s3Prefix,
        accountId: o.accountId ?? trailAccount,
        organizationId: o.organizationId,
      };
    const { Trail: trail } = await this.ct.send(new GetTrailCommand({ Name: this.trailArn }), {
      abortSignal: o.signal,
    });
    const bucket = trail?.S3BucketName ?? "";
    const prefix = o.s3Prefix ?? trail?.S3KeyPrefix;
    let organizationId = o.organizationId;
    if (trail?.IsOrganizationTrail) {
      if (!o.accountId)
        throw new ValidateLogsError(
          "OrganizationAccountRequired",
          `trail ${this.trailArn} is an organization trail: give accountId, the member account whose logs to validate`,
        );
      organizationId ??= await this.organizationFolder(bucket, prefix);
    }
    return {
      bucket,
      prefix,
      accountId: o.accountId ?? trailAccount,
      organizationId,
      validationEnabled: trail?.LogFileValidationEnabled,
    };
  }

  /** The organization id of an organization trail's files: the one `o-` folder under `AWSLogs/`. */
  private async organizationFolder(bucket: string, prefix: string | undefined): Promise<string> {
    const root = `${prefix ? `${prefix.replace(/\/+$/, "")}/` : ""}AWSLogs/`;
    const page = await this.s3Call(bucket, () =>
      this.s3.client.send(
        new this.s3.sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: root, Delimiter: "/" }),
        {
          abortSignal: this.options.signal,
        },
      ),
    );
    const ids = (page.CommonPrefixes ?? [])
      .map((p) => p.Prefix?.slice(root.length, -1) ?? "")
      .filter((id) => /^o-[a-z0-9]{10,32}$/.test(id));
    if (ids.length !== 1)
      throw new ValidateLogsError(
        "OrganizationAccountRequired",
        `s3://${bucket}/${root} holds ${ids.length === 0 ? "no organization folder" : `the folders of ${ids.length} organizations`}: give organizationId`,
      );
    return ids[0];
  }

  /**
   * The trail's digest keys whose end stamps fall in the range (an hour past its end, for the
   * digest of the last hour), oldest first. Listing starts after the key a digest ending a minute
   * before the range would have, as the AWS CLI's does, and stops past the range's last day.
   */
  private async listDigests(bucket: string, folder: string, accountId: string): Promise<ListedDigest[]> {
    const pattern = digestKeyPattern(folder, accountId, this.region, this.trailName, this.homeRegion);
    const from = keyStamp(this.start);
    const last = new Date(this.end.getTime() + HOUR);
    const to = keyStamp(last);
    const lastDay = `${folder}${last.toISOString().slice(0, 10).replace(/-/g, "/")}/`;
    const first = new Date(this.start.getTime() - 60_000);
    const startAfter = `${folder}${first.toISOString().slice(0, 10).replace(/-/g, "/")}/`;
    const found: ListedDigest[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3Call(bucket, () =>
        this.s3.client.send(
          new this.s3.sdk.ListObjectsV2Command({
            Bucket: bucket,
            Prefix: folder,
            StartAfter: token ? undefined : startAfter,
            ContinuationToken: token,
          }),
          { abortSignal: this.options.signal },
        ),
      );
      for (const { Key: key } of page.Contents ?? []) {
        if (!key) continue;
        if (key.slice(0, lastDay.length) > lastDay) return sortByStamp(found);
        const stamp = pattern.exec(key)?.[1];
        if (stamp && stamp >= from && stamp <= to) found.push({ key, stamp });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return sortByStamp(found);
  }

  /** ListPublicKeys over a range, every page, into the fingerprint map. */
  private async loadKeys(from: Date, to: Date): Promise<void> {
    let token: string | undefined;
    do {
      const page = await this.ct.send(
        new ListPublicKeysCommand({ StartTime: from, EndTime: to, NextToken: token }),
        { abortSignal: this.options.signal },
      );
      for (const key of page.PublicKeyList ?? [])
        if (key.Fingerprint && key.Value) this.keys.set(key.Fingerprint, publicKeyFromListing(key.Value));
      token = page.NextToken;
    } while (token);
  }

  /** The key of a fingerprint: from the range's keys, else looked up once for the digest's own hour. */
  private async keyFor(digest: DigestFile): Promise<KeyObject | undefined> {
    const fingerprint = digest.digestPublicKeyFingerprint;
    if (!this.keys.has(fingerprint)) {
      const start = new Date(digest.digestStartTime);
      const end = new Date(digest.digestEndTime);
      if (!Number.isNaN(start.getTime()) && !Number.isNaN(end.getTime()) && start <= end)
        await this.loadKeys(start, end);
      if (!this.keys.has(fingerprint)) this.keys.set(fingerprint, undefined);
    }
    return this.keys.get(fingerprint);
  }

  /** Fetches and judges one digest; `digest` is set only when it is valid. */
  private async checkDigest(
    bucket: string,
    key: string,
  ): Promise<{ file: CheckedFile; digest?: DigestFile }> {
    const file: CheckedFile = { kind: "digest", bucket, key, status: "valid" };
    const judged = (status: FileStatus, reason: string) => {
      this.record({ ...file, status, reason });
      return { file };
    };
    const object = await this.getObject(bucket, key);
    if (!object) return judged("missing", "not found");
    let uncompressed: Buffer;
    try {
      uncompressed = gunzipSync(Buffer.from(await object.body.transformToByteArray()));
    } catch {
      return judged("invalid", "invalid format");
    }
    const digest = parseDigest(uncompressed);
    if (!digest) return judged("invalid", "invalid format");
    const signature = object.metadata.signature;
    const algorithm = object.metadata["signature-algorithm"];
    if (!signature) return judged("invalid", "no signature in the object's metadata");
    if (algorithm !== undefined && algorithm !== "SHA256withRSA")
      return judged("invalid", `signature algorithm ${algorithm} is not SHA256withRSA`);
    if (digest.digestS3Bucket !== bucket || digest.digestS3Object !== key)
      return judged("invalid", "has been moved from its original location");
    const publicKey = await this.keyFor(digest);
    if (!publicKey)
      return judged(
        "invalid",
        `public key not found in region ${this.region} for fingerprint ${digest.digestPublicKeyFingerprint}`,
      );
    if (!verifyDigestSignature(digest, uncompressed, signature, publicKey))
      return judged("invalid", "signature verification failed");
    // Signed, yet a chain that pointed forwards would make the walk loop.
    if (digest.previousDigestS3Object && stampOf(digest.previousDigestS3Object) >= stampOf(key))
      return judged("invalid", "its previous digest is not an earlier one");
    this.record(file);
    return { file, digest };
  }

  /** Checks a digest's log files, `concurrency` at a time, in the digest's order of results. */
  private async checkLogs(logs: DigestLogFile[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < logs.length) await this.checkLog(logs[next++]);
    };
    const workers = Math.min(this.options.concurrency ?? 8, logs.length);
    await Promise.all(Array.from({ length: workers }, worker));
  }

  private async checkLog(log: DigestLogFile): Promise<void> {
    const file: CheckedFile = { kind: "log", bucket: log.s3Bucket, key: log.s3Object, status: "valid" };
    const object = await this.getObject(log.s3Bucket, log.s3Object);
    if (!object) return this.record({ ...file, status: "missing", reason: "not found" });
    const hash = createHash("sha256");
    try {
      await pipeline(
        object.body as unknown as Readable,
        createGunzip(),
        async (chunks: AsyncIterable<Buffer>) => {
          for await (const chunk of chunks) hash.update(chunk);
        },
      );
    } catch (e) {
      // zlib's errors carry Z_ codes; anything else (the connection) is not the file's fault.
      if (!String((e as { code?: unknown }).code ?? "").startsWith("Z_")) throw e;
      return this.record({ ...file, status: "invalid", reason: "invalid format" });
    }
    if (hash.digest("hex") !== log.hashValue?.toLowerCase())
      return this.record({ ...file, status: "invalid", reason: "hash value doesn't match" });
    this.record(file);
  }

  /** GetObject, with a missing key as undefined and an unreadable bucket as {@link ValidateLogsError}. */
  private async getObject(bucket: string, key: string) {
    try {
      const out = await this.s3Call(
        bucket,
        () =>
          this.s3.client.send(new this.s3.sdk.GetObjectCommand({ Bucket: bucket, Key: key }), {
            abortSignal: this.options.signal,
          }),
        true,
      );
      return { body: out.Body!, metadata: out.Metadata ?? {} };
    } catch (e) {
      if ((e as Error).name === "NoSuchKey") return undefined;
      throw e;
    }
  }

  /** Runs an S3 call; a bucket that is not there or not readable becomes {@link ValidateLogsError}. */
  private async s3Call<T>(bucket: string, call: () => Promise<T>, keepNoSuchKey = false): Promise<T> {
    try {
      return await call();
    } catch (e) {
      const name = (e as Error).name;
      if (keepNoSuchKey && name === "NoSuchKey") throw e;
      if (
        name === "AccessDenied" ||
        name === "NoSuchBucket" ||
        name === "Forbidden" ||
        name === "AllAccessDisabled"
      )
        throw new ValidateLogsError(
          "BucketNotReadable",
          `cannot read bucket ${bucket} (${name}: ${(e as Error).message}); validation needs s3:ListBucket and ` +
            `s3:GetObject on it, and cloudtrail:GetTrail and cloudtrail:ListPublicKeys`,
          { cause: e },
        );
      throw e;
    }
  }

  private record(file: CheckedFile): void {
    const counts = file.kind === "digest" ? this.counts.digestFiles : this.counts.logFiles;
    counts[file.status]++;
    if (file.status !== "valid") this.problems.push(file);
    this.options.onFile?.(file);
    this.options.onProgress?.(this.counts);
  }

  /** The range the valid digests cover within the one asked for, as the AWS CLI reports it. */
  private track(digest: DigestFile): void {
    const start = new Date(digest.digestStartTime);
    if (!this.foundStart || start < this.foundStart) this.foundStart = start;
    this.foundEnd ??= new Date(Math.min(new Date(digest.digestEndTime).getTime(), this.end.getTime()));
  }

  private result(location: string): ValidateLogsResult {
    const { digestFiles, logFiles } = this.counts;
    const checked = digestFiles.valid + digestFiles.invalid + digestFiles.missing;
    return {
      trailArn: this.trailArn,
      startTime: this.start.toISOString(),
      endTime: this.end.toISOString(),
      foundStartTime:
        this.foundStart && new Date(Math.max(this.foundStart.getTime(), this.start.getTime())).toISOString(),
      foundEndTime: this.foundEnd?.toISOString(),
      digestLocation: location,
      digestFiles,
      logFiles,
      problems: this.problems,
      gaps: this.gaps,
      valid: checked > 0 && this.problems.length === 0,
    };
  }
}

type ListedDigest = { key: string; stamp: string };

const stampOf = (key: string) => /_(\d{8}T\d{6}Z)\.json\.gz$/.exec(key)?.[1] ?? "";

const sortByStamp = (digests: ListedDigest[]) => digests.sort((a, b) => (a.stamp < b.stamp ? -1 : 1));
