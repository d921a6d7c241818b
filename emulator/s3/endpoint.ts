import type { IncomingMessage, ServerResponse } from "node:http";
import { createHash, randomUUID } from "node:crypto";
import { XMLBuilder } from "fast-xml-parser";
import { ServiceError } from "../errors";
import { checkScope, credentialScope, parseAuthorization, signingKey, verifySignature } from "../sigv4";
import type { EmulatorState } from "../state";
import { deleteObject, putObject, storedObject } from "../lake/object-store";
import type { StoredObject } from "../lake/state";
import { S3_AUTH_ERRORS, S3Error } from "./errors";
import { objectBytes } from "./payload";
import type { ObjectCall } from "../delivery/data-events";

/** What the S3 endpoint needs from the server around it. */
export type S3Dependencies = {
  state(): EmulatorState;
  /** A known key: its signatures are verified, and it names the caller's account. */
  credential(accessKeyId: string): { secretAccessKey: string; account: string } | undefined;
  /** The account of a key the emulator does not know. */
  defaultAccount(): string;
  /** Records an object-level call as a data event (emulator/delivery/data-events.ts). */
  recordObjectCall(call: ObjectCall): void;
  /** Refuse keys that are not known (InvalidAccessKeyId). */
  strictCredentials: boolean;
  /** The emulated clock: an object's Last-Modified. */
  now(): Date;
  /** Largest object accepted (EntityTooLarge beyond). */
  maxBodyBytes: number;
  readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined>;
  /** Called after objects or the bucket registry changed, to persist them. */
  changed(what: "objects" | "buckets"): void;
  log(operation: string, status: number, outcome: string): void;
};

const NS = "http://s3.amazonaws.com/doc/2006-03-01/";
/** NAME-4, as S3 names buckets; IP-shaped names and adjacent dots are refused too. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MAX_KEY_BYTES = 1024;
const MAX_METADATA_BYTES = 2048;
/** Room for aws-chunked framing (chunk sizes, signatures, trailers) beyond the object's bytes. */
const CHUNK_FRAMING_BYTES = 64 * 1024;
const LIST_PARAMS = new Set(["prefix", "delimiter", "marker", "max-keys", "encoding-type", "x-id"]);
const LIST_V2_PARAMS = new Set([
  "list-type",
  "prefix",
  "delimiter",
  "max-keys",
  "encoding-type",
  "continuation-token",
  "start-after",
  "fetch-owner",
  "x-id",
]);
/** The object-level operations CloudTrail records as S3 data events. */
const OBJECT_CALLS = new Set(["GetObject", "HeadObject", "PutObject", "DeleteObject"]);
const xml = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false });

/**
 * Whether a request is for the S3 endpoint: no X-Amz-Target (every CloudTrail call has one), not
 * CloudTrail Data's path, and either signed for service `s3` or an S3 method (GET, HEAD, PUT, DELETE).
 */
export function isS3Request(req: IncomingMessage, rawPath: string): boolean {
  if (req.headers["x-amz-target"] !== undefined) return false;
  if (req.method === "POST" && rawPath === "/PutAuditEvents") return false;
  const auth = req.headers.authorization ?? "";
  if (/Credential=[^,\s]*\/s3\/aws4_request/.test(auth)) return true;
  return ["GET", "HEAD", "PUT", "DELETE"].includes(req.method ?? "");
}

type Reply = { status: number; headers?: Record<string, string | number>; body?: Buffer | string };

/**
 * The S3 subset `@aws-sdk/client-s3` (path-style) and the AWS CLI use on trail logs, digests, import
 * sources and query results, over the emulator's object store: ListBuckets, CreateBucket (registers
 * the bucket), HeadBucket, DeleteBucket, GetBucketLocation, ListObjects and ListObjectsV2 (prefix,
 * delimiter, paging, url encoding), GetObject (metadata, ranges), HeadObject, PutObject (checksums,
 * `aws-chunked` bodies), DeleteObject. SigV4 is verified as for CloudTrail, with service `s3`. Errors
 * are S3's XML errors; a client mistake is never a 5xx.
 */
export function createS3Endpoint(deps: S3Dependencies) {
  return async function serveS3(
    req: IncomingMessage,
    res: ServerResponse,
    rawPath: string,
    rawQuery: string,
  ): Promise<void> {
    const requestId = randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase();
    const method = req.method ?? "GET";
    let operation = "S3";
    let objectCall: ObjectCall | undefined;
    const send = (reply: Reply): void => {
      const body = method === "HEAD" || reply.body === undefined ? undefined : reply.body;
      res.writeHead(reply.status, {
        "x-amz-request-id": requestId,
        ...(body !== undefined && typeof body === "string" ? { "content-type": "application/xml" } : {}),
        ...(body !== undefined && !("content-length" in (reply.headers ?? {}))
          ? { "content-length": Buffer.byteLength(body) }
          : {}),
        ...reply.headers,
      });
      res.end(body);
    };
    try {
      const declared = Number(req.headers["content-length"] ?? 0);
      const limit = deps.maxBodyBytes + CHUNK_FRAMING_BYTES;
      const body = declared <= limit ? await deps.readBody(req, limit) : undefined;
      if (!body) {
        res.once("finish", () => req.destroy());
        throw tooLarge(deps.maxBodyBytes);
      }
      const target = parseTarget(rawPath);
      const query = new URLSearchParams(rawQuery);
      operation = operationOf(method, target, query);
      const payload = authenticate(req, rawPath, rawQuery, body, deps);
      if (OBJECT_CALLS.has(operation)) {
        const { accessKeyId, region } = payload.scope;
        const account = deps.credential(accessKeyId)?.account ?? deps.defaultAccount();
        objectCall = {
          account,
          region,
          accessKeyId,
          operation: operation as ObjectCall["operation"],
          ...target,
        };
      }
      const reply = route(operation, target, query, req, body, payload, deps);
      send(reply);
      deps.log(`S3.${operation}`, reply.status, "ok");
      if (objectCall) deps.recordObjectCall(objectCall);
    } catch (e) {
      const error =
        e instanceof S3Error
          ? e
          : e instanceof ServiceError
            ? authError(e)
            : (console.error("cloudtrail-emulator: S3 endpoint error", e),
              new S3Error("InternalError", "We encountered an internal error. Please try again.", 500));
      const text = xml.build({
        "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
        Error: {
          Code: error.code,
          Message: error.message,
          ...(error.resource?.bucket !== undefined ? { BucketName: error.resource.bucket } : {}),
          ...(error.resource?.key !== undefined ? { Key: error.resource.key } : {}),
          RequestId: requestId,
        },
      }) as string;
      send({ status: error.status, body: text, headers: { "x-amz-error-code": error.code } });
      deps.log(`S3.${operation}`, error.status, error.code);
      // Failed object calls are recorded too, with their error code, as CloudTrail records them.
      if (objectCall && error.status < 500) deps.recordObjectCall({ ...objectCall, errorCode: error.code });
    }
  };
}

type Target = { bucket: string; key: string };

/** `/<bucket>/<key>`, percent-decoded, bucket and key checked as S3 checks them. */
function parseTarget(rawPath: string): Target {
  const slash = rawPath.indexOf("/", 1);
  let bucket: string;
  let key: string;
  try {
    bucket = decodeURIComponent(slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash));
    key = slash < 0 ? "" : decodeURIComponent(rawPath.slice(slash + 1));
  } catch {
    throw new S3Error("InvalidURI", "Couldn't parse the specified URI.");
  }
  if (bucket === "") return { bucket, key };
  if (!BUCKET.test(bucket) || bucket.includes("..") || /^\d+\.\d+\.\d+\.\d+$/.test(bucket))
    throw new S3Error("InvalidBucketName", "The specified bucket is not valid.", 400, { bucket });
  if (Buffer.byteLength(key) > MAX_KEY_BYTES)
    throw new S3Error("KeyTooLongError", "Your key is too long.", 400, { bucket });
  // A key is a name, never a path to walk: `.` and `..` segments are refused, so no key escapes its prefix.
  if (key.split("/").some((segment) => segment === "." || segment === ".."))
    throw new S3Error("InvalidArgument", "Object keys with '.' or '..' segments are not accepted.", 400, {
      bucket,
      key,
    });
  return { bucket, key };
}

function operationOf(method: string, target: Target, query: URLSearchParams): string {
  const { bucket, key } = target;
  const unsupported = (what: string): never => {
    throw new S3Error("InvalidRequest", `The emulator's S3 endpoint does not support ${what}.`);
  };
  if (bucket === "") return method === "GET" ? "ListBuckets" : unsupported(`${method} /`);
  if (key === "") {
    const extra = (allowed: Set<string>) => [...query.keys()].find((k) => !allowed.has(k));
    switch (method) {
      case "HEAD":
        return "HeadBucket";
      case "PUT":
        return query.size === 0 || extra(new Set(["x-id"])) === undefined
          ? "CreateBucket"
          : unsupported(`bucket subresource ${[...query.keys()].join(", ")}`);
      case "DELETE":
        return "DeleteBucket";
      case "GET": {
        if (query.has("location")) return "GetBucketLocation";
        const v2 = query.get("list-type") === "2";
        const other = extra(v2 ? LIST_V2_PARAMS : LIST_PARAMS);
        if (other !== undefined) unsupported(`bucket subresource or parameter ${other}`);
        return v2 ? "ListObjectsV2" : "ListObjects";
      }
      default:
        return unsupported(`${method} on a bucket`);
    }
  }
  const subresource = [...query.keys()].find((k) => k !== "x-id" && !k.startsWith("response-"));
  if (subresource !== undefined) unsupported(`object subresource or parameter ${subresource}`);
  if (method === "PUT") return "PutObject";
  const byMethod: Record<string, string> = { GET: "GetObject", HEAD: "HeadObject", DELETE: "DeleteObject" };
  return byMethod[method] ?? unsupported(`${method} on an object`);
}

/**
 * SIG-1 and SIG-2 for service `s3`: the scope, the date, then (for a known key) the signature over
 * the payload hash x-amz-content-sha256 declares. Returns that declared hash.
 */
function authenticate(
  req: IncomingMessage,
  rawPath: string,
  rawQuery: string,
  body: Buffer,
  deps: S3Dependencies,
): {
  scope: { accessKeyId: string; region: string };
  declared: string;
  signer?: { signingKey: Buffer; amzDate: string; scope: string; seedSignature: string };
} {
  const scope = parseAuthorization(req.headers.authorization, S3_AUTH_ERRORS);
  const amzDate = checkScope(
    scope,
    single(req.headers["x-amz-date"]),
    { service: "s3", nowMs: Date.now() },
    S3_AUTH_ERRORS,
  );
  const declared = single(req.headers["x-amz-content-sha256"]);
  if (declared === undefined)
    throw new S3Error("InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
  if (!/^([0-9a-f]{64}|UNSIGNED-PAYLOAD|STREAMING-[A-Z0-9-]+)$/.test(declared))
    throw new S3Error(
      "InvalidArgument",
      "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-… or a valid sha256 value.",
    );
  const known = deps.credential(scope.accessKeyId);
  if (!known) {
    if (deps.strictCredentials)
      throw new S3Error(
        "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records.",
        403,
      );
    return { scope, declared };
  }
  verifySignature(
    scope,
    amzDate,
    known.secretAccessKey,
    { method: req.method ?? "GET", rawPath, rawQuery, rawHeaders: req.rawHeaders, body },
    S3_AUTH_ERRORS,
    declared,
  );
  return {
    scope,
    declared,
    signer: {
      signingKey: signingKey(scope, known.secretAccessKey),
      amzDate,
      scope: credentialScope(scope),
      seedSignature: scope.signature,
    },
  };
}

function route(
  operation: string,
  { bucket, key }: Target,
  query: URLSearchParams,
  req: IncomingMessage,
  body: Buffer,
  payload: ReturnType<typeof authenticate>,
  deps: S3Dependencies,
): Reply {
  const state = deps.state();
  const lake = state.lake;
  if (operation === "ListBuckets") return listBuckets(state);
  if (operation === "CreateBucket") return createBucket(state, bucket, deps);
  if (!bucketExists(state, bucket))
    throw new S3Error("NoSuchBucket", "The specified bucket does not exist", 404, { bucket });
  switch (operation) {
    case "HeadBucket":
      return { status: 200, headers: { "x-amz-bucket-region": "us-east-1" } };
    case "GetBucketLocation":
      // Buckets carry no region in the emulator: us-east-1, which S3 writes as an empty constraint.
      return { status: 200, body: document("LocationConstraint", {}) };
    case "DeleteBucket":
      return deleteBucket(state, bucket, deps);
    case "ListObjects":
    case "ListObjectsV2":
      return { status: 200, body: listObjects(state, bucket, query, operation === "ListObjectsV2") };
    case "GetObject":
    case "HeadObject":
      return getObject(bucket, key, storedObject(lake, bucket, key), single(req.headers.range));
    case "PutObject": {
      if (req.headers["x-amz-copy-source"] !== undefined)
        throw new S3Error("InvalidRequest", "The emulator's S3 endpoint does not support CopyObject.");
      const bytes = objectBytes(body, payload.declared, req.headers, payload.signer);
      if (bytes.length > deps.maxBodyBytes) throw tooLarge(deps.maxBodyBytes);
      const meta = metadataOf(req);
      const contentType = single(req.headers["content-type"]);
      putObject(lake, bucket, key, bytes, deps.now().getTime(), {
        meta,
        ...(contentType ? { contentType } : {}),
      });
      deps.changed("objects");
      return { status: 200, headers: { etag: `"${storedObject(lake, bucket, key)?.etag}"` } };
    }
    case "DeleteObject":
      if (deleteObject(lake, bucket, key)) deps.changed("objects");
      return { status: 204 };
    default:
      throw new S3Error("InvalidRequest", `The emulator's S3 endpoint does not support ${operation}.`);
  }
}

/** A bucket S3 answers for: registered, or any when none are registered (as CreateTrail judges), or holding objects. */
function bucketExists(state: EmulatorState, bucket: string): boolean {
  const registered = state.registry.s3Buckets;
  return (
    registered.length === 0 ||
    registered.includes(bucket) ||
    (Object.hasOwn(state.lake.objects, bucket) && Object.keys(state.lake.objects[bucket]).length > 0)
  );
}

function listBuckets(state: EmulatorState): Reply {
  const names = [...new Set([...state.registry.s3Buckets, ...Object.keys(state.lake.objects)])].sort();
  return {
    status: 200,
    body: document("ListAllMyBucketsResult", {
      Buckets: { Bucket: names.map((Name) => ({ Name, CreationDate: new Date(0).toISOString() })) },
      Owner: { ID: "emulator" },
    }),
  };
}

/** CreateBucket registers the bucket (the registry CreateTrail checks: NAME-4, S3BucketDoesNotExistException). */
function createBucket(state: EmulatorState, bucket: string, deps: S3Dependencies): Reply {
  if (state.registry.s3Buckets.includes(bucket))
    throw new S3Error(
      "BucketAlreadyOwnedByYou",
      "Your previous request to create the named bucket succeeded and you already own it.",
      409,
      { bucket },
    );
  state.registry.s3Buckets = [...state.registry.s3Buckets, bucket];
  deps.changed("buckets");
  return { status: 200, headers: { location: `/${bucket}` } };
}

function deleteBucket(state: EmulatorState, bucket: string, deps: S3Dependencies): Reply {
  if (Object.hasOwn(state.lake.objects, bucket) && Object.keys(state.lake.objects[bucket]).length > 0)
    throw new S3Error("BucketNotEmpty", "The bucket you tried to delete is not empty", 409, { bucket });
  delete state.lake.objects[bucket];
  state.registry.s3Buckets = state.registry.s3Buckets.filter((b) => b !== bucket);
  deps.changed("buckets");
  return { status: 204 };
}

/**
 * ListObjects (v1: marker, NextMarker with a delimiter) and ListObjectsV2 (continuation tokens,
 * start-after, KeyCount): keys in binary order under `prefix`, rolled up to CommonPrefixes at
 * `delimiter`, at most max-keys (1000) entries a page; with encoding-type=url, names are URL-encoded.
 */
function listObjects(state: EmulatorState, bucket: string, query: URLSearchParams, v2: boolean): string {
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") ?? "";
  const maxKeysText = query.get("max-keys");
  const maxKeys = maxKeysText === null ? 1000 : Number(maxKeysText);
  if (!Number.isInteger(maxKeys) || maxKeys < 0)
    throw new S3Error("InvalidArgument", "Provided max-keys not an integer or within integer range");
  const encoding = query.get("encoding-type");
  if (encoding !== null && encoding !== "url")
    throw new S3Error("InvalidArgument", "Invalid Encoding Method specified in Request");
  const token = query.get("continuation-token");
  let after = v2 ? (query.get("start-after") ?? "") : (query.get("marker") ?? "");
  if (v2 && token !== null) {
    const decoded = Buffer.from(token, "base64url").toString("utf8");
    if (!decoded.startsWith("k:"))
      throw new S3Error("InvalidArgument", "The continuation token provided is incorrect");
    after = decoded.slice(2);
  }
  const objects = Object.hasOwn(state.lake.objects, bucket) ? state.lake.objects[bucket] : {};
  const keys = Object.keys(objects)
    .filter((k) => k.startsWith(prefix) && compareBinary(k, after) > 0)
    .sort(compareBinary);
  const contents: string[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let last = "";
  for (const key of keys) {
    // A common prefix returned on an earlier page is not returned again.
    if (delimiter && after.endsWith(delimiter) && after.length > prefix.length && key.startsWith(after))
      continue;
    const at = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const common = at >= 0 ? key.slice(0, at + delimiter.length) : undefined;
    if (common !== undefined && common === prefixes[prefixes.length - 1]) continue;
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (common !== undefined) prefixes.push(common);
    else contents.push(key);
    last = common ?? key;
  }
  const name = (s: string) => (encoding === "url" ? encodeURIComponent(s).replace(/%2F/g, "/") : s);
  const entries = {
    Contents: contents.map((key) => objectEntry(name(key), objects[key])),
    CommonPrefixes: prefixes.map((p) => ({ Prefix: name(p) })),
  };
  const common = {
    Name: bucket,
    Prefix: name(prefix),
    ...(delimiter ? { Delimiter: name(delimiter) } : {}),
    MaxKeys: maxKeys,
    ...(encoding ? { EncodingType: encoding } : {}),
    IsTruncated: truncated,
  };
  if (v2) {
    return document("ListBucketResult", {
      ...common,
      KeyCount: contents.length + prefixes.length,
      ...(token !== null ? { ContinuationToken: token } : {}),
      ...(truncated ? { NextContinuationToken: Buffer.from(`k:${last}`).toString("base64url") } : {}),
      ...(query.has("start-after") ? { StartAfter: name(query.get("start-after") as string) } : {}),
      ...entries,
    });
  }
  return document("ListBucketResult", {
    ...common,
    Marker: name(query.get("marker") ?? ""),
    ...(truncated && delimiter ? { NextMarker: name(last) } : {}),
    ...entries,
  });
}

function objectEntry(key: string, object: StoredObject): Record<string, unknown> {
  return {
    Key: key,
    LastModified: new Date(object.modified).toISOString(),
    ETag: `"${etagOf(object)}"`,
    Size: Buffer.byteLength(object.body, "base64"),
    StorageClass: "STANDARD",
  };
}

/** GetObject and HeadObject: the bytes (or a range of them), with metadata, ETag and Last-Modified. */
function getObject(
  bucket: string,
  key: string,
  object: StoredObject | undefined,
  range: string | undefined,
): Reply {
  if (!object) throw new S3Error("NoSuchKey", "The specified key does not exist.", 404, { key });
  const bytes = Buffer.from(object.body, "base64");
  const headers: Record<string, string | number> = {
    "content-type": object.contentType ?? "binary/octet-stream",
    etag: `"${etagOf(object)}"`,
    "last-modified": new Date(object.modified).toUTCString(),
    "accept-ranges": "bytes",
  };
  for (const [name, value] of Object.entries(object.meta ?? {})) headers[`x-amz-meta-${name}`] = value;
  const slice = range === undefined ? undefined : byteRange(range, bytes.length, { bucket, key });
  if (!slice) return { status: 200, headers: { ...headers, "content-length": bytes.length }, body: bytes };
  const [first, lastByte] = slice;
  return {
    status: 206,
    headers: {
      ...headers,
      "content-range": `bytes ${first}-${lastByte}/${bytes.length}`,
      "content-length": lastByte - first + 1,
    },
    body: bytes.subarray(first, lastByte + 1),
  };
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` (RFC 9110); anything else is ignored as S3 ignores it; out of range: InvalidRange. */
function byteRange(range: string, size: number, resource: Target): [number, number] | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  let first: number;
  let last: number;
  if (m[1] === "") {
    first = Math.max(0, size - Number(m[2]));
    last = size - 1;
  } else {
    first = Number(m[1]);
    last = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== "" && Number(m[2]) < first) return undefined;
  }
  if (first >= size || size === 0)
    throw new S3Error("InvalidRange", "The requested range is not satisfiable", 416, resource);
  return [first, last];
}

function metadataOf(req: IncomingMessage): Record<string, string> {
  const meta: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith("x-amz-meta-") || typeof value !== "string") continue;
    meta[name.slice("x-amz-meta-".length)] = value;
    size += name.length - "x-amz-meta-".length + value.length;
  }
  if (size > MAX_METADATA_BYTES)
    throw new S3Error(
      "MetadataTooLarge",
      `Your metadata headers exceed the maximum allowed metadata size (${MAX_METADATA_BYTES} bytes).`,
    );
  return meta;
}

function etagOf(object: StoredObject): string {
  return object.etag ?? createHash("md5").update(Buffer.from(object.body, "base64")).digest("hex");
}

function tooLarge(max: number): S3Error {
  return new S3Error(
    "EntityTooLarge",
    `Your proposed upload exceeds the maximum allowed size (${max} bytes).`,
  );
}

/** A SigV4 refusal in S3's words: an expired or future X-Amz-Date is RequestTimeTooSkewed. */
function authError(e: ServiceError): S3Error {
  if (/^Signature (expired|not yet current)/.test(e.message))
    return new S3Error(
      "RequestTimeTooSkewed",
      "The difference between the request time and the current time is too large.",
      403,
    );
  return new S3Error(e.code, e.message, e.status);
}

function document(root: string, content: Record<string, unknown>): string {
  return xml.build({
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    [root]: { "@_xmlns": NS, ...content },
  }) as string;
}

/** Keys in the order S3 lists them: by UTF-8 bytes. */
function compareBinary(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
