import { gunzipSync, gzipSync } from "node:zlib";
import { CreateTrailCommand, GetTrailStatusCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { ValidateLogsOptions } from "../../sdk/validate-logs";
import { TEST_CREDENTIALS, type TestEmulator } from "./emulator";

// Trails whose logs and digests the emulator delivered, and @aws-sdk/client-s3 against its S3
// endpoint to read and tamper with them.

export const BUCKET = "audit-logs";

export type Delivered = {
  trailArn: string;
  start: Date;
  end: Date;
  s3: S3Client;
  account: string;
  /** Digest keys, oldest first. */
  digests: string[];
  /** Log file keys, oldest first. */
  logs: string[];
  options: ValidateLogsOptions;
};

export function s3Client(t: TestEmulator): S3Client {
  return new S3Client({
    endpoint: t.emulator.url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
    forcePathStyle: true,
    maxAttempts: 1,
  });
}

async function keys(s3: S3Client, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken }),
    );
    found.push(...(page.Contents ?? []).map((c) => c.Key!));
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
  return found.sort();
}

/**
 * A trail with log file validation that logged `hours` hours of calls (three 5-minute windows with
 * events each hour), and the clock an hour past, so that every hour's digest is delivered.
 */
export async function deliveredTrail(t: TestEmulator, hours = 3, name = "audit"): Promise<Delivered> {
  await t.admin.register({ s3Buckets: [BUCKET] });
  const ct = t.client();
  const start = await t.admin.advanceClock(0);
  const { TrailARN } = await ct.send(
    new CreateTrailCommand({ Name: name, S3BucketName: BUCKET, EnableLogFileValidation: true }),
  );
  await ct.send(new StartLoggingCommand({ Name: name }));
  for (let hour = 0; hour < hours; hour++) {
    for (let window = 0; window < 3; window++) {
      await ct.send(new GetTrailStatusCommand({ Name: name }));
      await t.admin.advanceClock(600);
    }
    await t.admin.advanceClock(1800);
  }
  const end = await t.admin.advanceClock(3600);
  const s3 = s3Client(t);
  const account = TrailARN!.split(":")[4];
  return {
    trailArn: TrailARN!,
    start,
    end,
    s3,
    account,
    digests: await keys(s3, `AWSLogs/${account}/CloudTrail-Digest/`),
    logs: await keys(s3, `AWSLogs/${account}/CloudTrail/`),
    options: {
      startTime: start,
      endTime: end,
      endpoint: t.emulator.url,
      region: "us-east-1",
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    },
  };
}

export async function getObject(s3: S3Client, key: string) {
  const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return {
    json: gunzipSync(Buffer.from(await out.Body!.transformToByteArray())),
    metadata: out.Metadata ?? {},
  };
}

export async function putObject(
  s3: S3Client,
  key: string,
  json: string | Buffer,
  metadata?: Record<string, string>,
) {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: gzipSync(json), Metadata: metadata }));
}

/** What a digest lists, read here without the validator. */
export async function listedLogs(s3: S3Client, digestKey: string): Promise<string[]> {
  const digest = JSON.parse((await getObject(s3, digestKey)).json.toString()) as {
    logFiles: { s3Object: string }[];
  };
  return digest.logFiles.map((l) => l.s3Object);
}
