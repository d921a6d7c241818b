import { gunzipSync } from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { TEST_CREDENTIALS } from "./emulator";

/** An S3 client against the emulator's S3 endpoint: path-style, the tests' key, one attempt. */
export function s3Client(url: string, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint: url,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    ...overrides,
  });
}

/** Every key under a prefix, page by page (ListObjectsV2). */
export async function listKeys(s3: S3Client, bucket: string, prefix = ""): Promise<string[]> {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }),
    );
    keys.push(...(page.Contents ?? []).map((c) => c.Key!));
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
  return keys;
}

/** An object's bytes and user metadata, read with GetObject. */
export async function readObject(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ bytes: Buffer; metadata: Record<string, string> }> {
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { bytes: Buffer.from(await got.Body!.transformToByteArray()), metadata: got.Metadata ?? {} };
}

/** A delivered gzip JSON file (log or digest): its uncompressed text. */
export async function readGzipText(s3: S3Client, bucket: string, key: string): Promise<string> {
  return gunzipSync((await readObject(s3, bucket, key)).bytes).toString("utf8");
}
