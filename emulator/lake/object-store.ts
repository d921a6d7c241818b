import { createHash } from "node:crypto";
import { table } from "../table";
import type { LakeState, StoredObject } from "./state";

/** Admin path of the object store: `/_emulator/s3/<bucket>/<key>`. */
export const ADMIN_PREFIX = "s3/";

/** What an object carries besides its bytes: S3's user metadata (`x-amz-meta-*`) and content type. */
export type ObjectAttributes = { meta?: Record<string, string>; contentType?: string };

/** Base64 characters the store holds. */
function storedBytes(lake: LakeState): number {
  let n = 0;
  for (const objects of Object.values(lake.objects))
    for (const object of Object.values(objects)) n += object.body.length;
  return n;
}

/**
 * Stores an object (an import source's log file, a query's delivered results, a trail's log or
 * digest file); `modified` is its Last-Modified time, epoch ms. False, storing nothing, when the
 * store would hold more than `maxBytes` (LakeSettings.objectBytes) as base64, which is how it
 * keeps objects; a replaced object's bytes are freed.
 */
export function putObject(
  lake: LakeState,
  bucket: string,
  key: string,
  body: Buffer,
  modified = Date.now(),
  attributes: ObjectAttributes = {},
  maxBytes = Infinity,
): boolean {
  const encoded = body.toString("base64");
  if (maxBytes !== Infinity) {
    const replaced = storedObject(lake, bucket, key)?.body.length ?? 0;
    if (storedBytes(lake) - replaced + encoded.length > maxBytes) return false;
  }
  if (!Object.hasOwn(lake.objects, bucket)) lake.objects[bucket] = table();
  const etag = createHash("md5").update(body).digest("hex");
  lake.objects[bucket][key] = { body: encoded, modified, etag, ...attributes };
  lake.objectsVersion++;
  return true;
}

/** An object as stored (base64 body), or undefined. */
export function storedObject(lake: LakeState, bucket: string, key: string): StoredObject | undefined {
  const objects = Object.hasOwn(lake.objects, bucket) ? lake.objects[bucket] : {};
  return Object.hasOwn(objects, key) ? objects[key] : undefined;
}

export function getObject(lake: LakeState, bucket: string, key: string): Buffer | undefined {
  const object = storedObject(lake, bucket, key);
  return object ? Buffer.from(object.body, "base64") : undefined;
}

/** Removes an object; false when there was none. */
export function deleteObject(lake: LakeState, bucket: string, key: string): boolean {
  if (!storedObject(lake, bucket, key)) return false;
  delete lake.objects[bucket][key];
  lake.objectsVersion++;
  return true;
}

/** Keys of a bucket under a prefix, sorted as S3 lists them. */
export function listObjects(lake: LakeState, bucket: string, prefix: string): string[] {
  const objects = Object.hasOwn(lake.objects, bucket) ? lake.objects[bucket] : {};
  return Object.keys(objects)
    .filter((k) => k.startsWith(prefix))
    .sort();
}

/** Splits `s3://bucket/prefix` into bucket and key prefix (without a leading or trailing slash). */
export function parseS3Uri(uri: string): { bucket: string; prefix: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  return m ? { bucket: m[1], prefix: m[2].replace(/\/+$/, "") } : undefined;
}

/** What the object store's admin endpoint answers: JSON, or an object's bytes. */
export type ObjectAdminReply = { status: number; json: unknown } | { status: 200; bytes: Buffer };

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MAX_KEY_BYTES = 1024;

/**
 * The admin endpoint of the object store (`path` is what follows `/_emulator/s3/`): PUT puts the
 * request body as the object, GET of a key returns its bytes, GET of a bucket (`?prefix=`) lists
 * keys as JSON, DELETE removes an object. Bucket names and keys are checked as S3 checks them.
 */
export function objectAdmin(
  lake: LakeState,
  maxBytes: number,
  method: string,
  path: string,
  rawQuery: string,
  body: Buffer,
): ObjectAdminReply {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { status: 400, json: { error: "the object path is not valid percent-encoding" } };
  }
  const slash = decoded.indexOf("/");
  const bucket = slash < 0 ? decoded : decoded.slice(0, slash);
  const key = slash < 0 ? "" : decoded.slice(slash + 1);
  if (!BUCKET.test(bucket))
    return {
      status: 400,
      json: { error: "name a bucket (3 to 63 of a-z 0-9 . -): /_emulator/s3/<bucket>/<key>" },
    };
  if (method === "GET" && key === "") {
    const prefix = new URLSearchParams(rawQuery).get("prefix") ?? "";
    return { status: 200, json: { keys: listObjects(lake, bucket, prefix) } };
  }
  if (key === "" || Buffer.byteLength(key) > MAX_KEY_BYTES)
    return {
      status: 400,
      json: { error: `name a key of 1 to ${MAX_KEY_BYTES} bytes: /_emulator/s3/<bucket>/<key>` },
    };
  switch (method) {
    case "PUT":
      if (!putObject(lake, bucket, key, body, Date.now(), {}, maxBytes))
        return {
          status: 507,
          json: {
            error: `the object store holds at most ${maxBytes} bytes (as base64, --object-bytes); delete objects first`,
          },
        };
      return { status: 200, json: { bucket, key, size: body.length } };
    case "GET": {
      const object = getObject(lake, bucket, key);
      return object
        ? { status: 200, bytes: object }
        : { status: 404, json: { error: `no object s3://${bucket}/${key}` } };
    }
    case "DELETE":
      deleteObject(lake, bucket, key);
      return { status: 200, json: {} };
    default:
      return { status: 405, json: { error: `${method} is not supported on objects` } };
  }
}
