import type { IncomingMessage, ServerResponse } from "node:http";
import type { LakeState } from "./state";

/** Admin path of the object store: `/_emulator/s3/<bucket>/<key>`. */
export const ADMIN_PREFIX = "s3/";

/** Stores an object (an import source's log file, a query's delivered results). */
export function putObject(lake: LakeState, bucket: string, key: string, body: Buffer): void {
  if (!Object.hasOwn(lake.objects, bucket)) lake.objects[bucket] = {};
  lake.objects[bucket][key] = body.toString("base64");
}

export function getObject(lake: LakeState, bucket: string, key: string): Buffer | undefined {
  const objects = Object.hasOwn(lake.objects, bucket) ? lake.objects[bucket] : {};
  return Object.hasOwn(objects, key) ? Buffer.from(objects[key], "base64") : undefined;
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

/**
 * The admin endpoint of the object store: PUT puts the request body as the object, GET of a key
 * returns its bytes, GET of a bucket (`?prefix=`) lists keys as JSON, DELETE removes an object.
 */
export function handleAdmin(
  lake: LakeState,
  method: string,
  url: URL,
  body: Buffer,
  res: ServerResponse<IncomingMessage>,
): void {
  const path = decodeURIComponent(url.pathname.slice(`/_emulator/${ADMIN_PREFIX}`.length));
  const slash = path.indexOf("/");
  const bucket = slash < 0 ? path : path.slice(0, slash);
  const key = slash < 0 ? "" : path.slice(slash + 1);
  const json = (status: number, payload: unknown): void => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(payload));
  };
  if (!bucket) return json(400, { error: "name a bucket: /_emulator/s3/<bucket>/<key>" });
  if (method === "GET" && key === "")
    return json(200, { keys: listObjects(lake, bucket, url.searchParams.get("prefix") ?? "") });
  if (key === "") return json(400, { error: "name a key: /_emulator/s3/<bucket>/<key>" });
  switch (method) {
    case "PUT":
      putObject(lake, bucket, key, body);
      return json(200, { bucket, key, size: body.length });
    case "GET": {
      const object = getObject(lake, bucket, key);
      if (!object) return json(404, { error: `no object s3://${bucket}/${key}` });
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": object.length });
      return void res.end(object);
    }
    case "DELETE":
      if (Object.hasOwn(lake.objects, bucket)) delete lake.objects[bucket][key];
      return json(200, {});
    default:
      return json(405, { error: `${method} is not supported on objects` });
  }
}
