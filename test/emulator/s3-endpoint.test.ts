import { expect } from "chai";
import fc from "fast-check";
import { createHash, createHmac } from "node:crypto";
import { request as httpRequest } from "node:http";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import {
  CreateTrailCommand,
  DescribeQueryCommand,
  GetImportCommand,
  StartImportCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudtrail";
import { awsError, TEST_CREDENTIALS, useEmulator } from "../support/emulator";
import { createStore, logFile, storeId, trailRecord } from "../support/lake";
import { listKeys, readObject, s3Client } from "../support/s3";

const BUCKET = "s3-endpoint-bucket";
const MAX_BODY = 64 * 1024;

type RawAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** Sends a request exactly as given (no URL normalisation, so `..` reaches the emulator), optionally SigV4-signed for s3. */
async function raw(
  url: string,
  method: string,
  path: string,
  opts: { body?: Buffer | string; headers?: Record<string, string>; sign?: boolean; signingDate?: Date } = {},
): Promise<RawAnswer> {
  const u = new URL(url);
  const body = opts.body === undefined ? Buffer.alloc(0) : Buffer.from(opts.body);
  let headers: Record<string, string> = {
    host: u.host,
    "x-amz-content-sha256": createHash("sha256").update(body).digest("hex"),
    ...opts.headers,
  };
  if (opts.sign !== false) {
    const q = path.indexOf("?");
    const signer = new SignatureV4({
      credentials: TEST_CREDENTIALS,
      region: "us-east-1",
      service: "s3",
      sha256: Sha256,
      uriEscapePath: false,
      applyChecksum: false,
    });
    const signed = await signer.sign(
      new HttpRequest({
        method,
        protocol: "http:",
        hostname: u.hostname,
        port: Number(u.port),
        path: q < 0 ? path : path.slice(0, q),
        query: q < 0 ? {} : Object.fromEntries(new URLSearchParams(path.slice(q + 1))),
        headers,
        body,
      }),
      { signingDate: opts.signingDate },
    );
    headers = signed.headers;
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: u.hostname,
        port: u.port,
        method,
        path,
        headers: { ...headers, "content-length": body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const code = (answer: RawAnswer) => /<Code>([^<]*)<\/Code>/.exec(answer.body)?.[1];

describe("emulator: the S3 endpoint", () => {
  const t = useEmulator({ maxBodyBytes: MAX_BODY });
  let s3: S3Client;
  beforeEach(() => {
    s3 = s3Client(t.emulator.url);
  });

  /** The tests' key made known, so that signatures are verified. */
  const verifySignatures = () =>
    t.admin.addCredential({ ...TEST_CREDENTIALS, account: "123456789012", username: "s3-tester" });

  it("CreateBucket registers a bucket (NAME-4 checks it as CreateTrail does); HeadBucket, ListBuckets, GetBucketLocation, DeleteBucket", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    expect((await t.admin.state()).registry.s3Buckets).to.deep.equal([BUCKET]);
    const again = await awsError(() => s3.send(new CreateBucketCommand({ Bucket: BUCKET })));
    expect([again.name, again.$metadata?.httpStatusCode]).to.deep.equal(["BucketAlreadyOwnedByYou", 409]);
    const unknownTrailBucket = await awsError(() =>
      t.client().send(new CreateTrailCommand({ Name: "needs-bucket", S3BucketName: "not-created" })),
    );
    expect(unknownTrailBucket.name).to.equal("S3BucketDoesNotExistException");
    await t.client().send(new CreateTrailCommand({ Name: "has-bucket", S3BucketName: BUCKET }));
    expect((await s3.send(new HeadBucketCommand({ Bucket: BUCKET }))).$metadata.httpStatusCode).to.equal(200);
    const missing = await awsError(() => s3.send(new HeadBucketCommand({ Bucket: "not-created" })));
    expect([missing.name, missing.$metadata?.httpStatusCode]).to.deep.equal(["NotFound", 404]);
    expect((await s3.send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name)).to.deep.equal([BUCKET]);
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: BUCKET }))).LocationConstraint).to.equal(
      undefined,
    );
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "a", Body: "x" }));
    const notEmpty = await awsError(() => s3.send(new DeleteBucketCommand({ Bucket: BUCKET })));
    expect([notEmpty.name, notEmpty.$metadata?.httpStatusCode]).to.deep.equal(["BucketNotEmpty", 409]);
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "a" }));
    await s3.send(new DeleteBucketCommand({ Bucket: BUCKET }));
    expect((await t.admin.state()).registry.s3Buckets).to.deep.equal([]);
  });

  it("PutObject as the current SDK sends it (checksums, aws-chunked streams); GetObject with metadata and ranges; HeadObject; DeleteObject", async () => {
    const modifiedAt = await t.admin.advanceClock(86400);
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "dir/a file+name.txt",
        Body: "hello world",
        ContentType: "text/plain",
        Metadata: { purpose: "test" },
      }),
    );
    // A stream of known length: the SDK sends it aws-chunked with a CRC32 trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER).
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "dir/streamed",
        ContentLength: 13,
        Body: Readable.from([Buffer.from("streamed"), Buffer.from(" body")]),
      }),
    );
    const whole = await readObject(s3, BUCKET, "dir/a file+name.txt");
    expect(whole.bytes.toString()).to.equal("hello world");
    expect(whole.metadata).to.deep.equal({ purpose: "test" });
    expect((await readObject(s3, BUCKET, "dir/streamed")).bytes.toString()).to.equal("streamed body");
    const ranged = await s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: "dir/a file+name.txt", Range: "bytes=6-" }),
    );
    expect(await ranged.Body!.transformToString()).to.equal("world");
    expect(ranged.ContentRange).to.equal("bytes 6-10/11");
    const suffix = await s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: "dir/a file+name.txt", Range: "bytes=-3" }),
    );
    expect(await suffix.Body!.transformToString()).to.equal("rld");
    const beyond = await awsError(() =>
      s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "dir/streamed", Range: "bytes=100-" })),
    );
    expect([beyond.name, beyond.$metadata?.httpStatusCode]).to.deep.equal(["InvalidRange", 416]);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "dir/a file+name.txt" }));
    expect(head).to.include({ ContentLength: 11, ContentType: "text/plain" });
    expect(head.ETag).to.equal(`"${createHash("md5").update("hello world").digest("hex")}"`);
    expect(Math.abs(head.LastModified!.getTime() - modifiedAt.getTime())).to.be.lessThan(60_000);
    const gone = await awsError(() => s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "dir/none" })));
    expect([gone.name, gone.$metadata?.httpStatusCode]).to.deep.equal(["NoSuchKey", 404]);
    const headGone = await awsError(() =>
      s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "dir/none" })),
    );
    expect([headGone.name, headGone.$metadata?.httpStatusCode]).to.deep.equal(["NotFound", 404]);
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "dir/streamed" }));
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "dir/never-there" }));
    expect(await listKeys(s3, BUCKET)).to.deep.equal(["dir/a file+name.txt"]);
    expect((await t.admin.getObject(BUCKET, "dir/a file+name.txt"))!.toString()).to.equal("hello world");
  });

  it("ListObjectsV2 and ListObjects: prefix, delimiter, paging by continuation token and by marker", async () => {
    const keys = ["a/1", "a/2", "a/b/3", "a/c/4", "b/5", "top"];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));
    const rolled = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "a/", Delimiter: "/" }));
    expect(rolled.Contents!.map((c) => [c.Key, c.Size])).to.deep.equal([
      ["a/1", 3],
      ["a/2", 3],
    ]);
    expect(rolled.CommonPrefixes!.map((p) => p.Prefix)).to.deep.equal(["a/b/", "a/c/"]);
    expect(rolled.KeyCount).to.equal(4);
    const top = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: "/" }));
    expect(top.CommonPrefixes!.map((p) => p.Prefix)).to.deep.equal(["a/", "b/"]);
    expect(top.Contents!.map((c) => c.Key)).to.deep.equal(["top"]);
    const seen: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 1, Delimiter: "/", ContinuationToken }),
      );
      seen.push(
        ...(page.Contents ?? []).map((c) => c.Key!),
        ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!),
      );
      expect(page.IsTruncated).to.equal(page.NextContinuationToken !== undefined);
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    expect(seen).to.deep.equal(["a/", "b/", "top"]);
    expect(
      (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, StartAfter: "a/c/4" }))).Contents!.map(
        (c) => c.Key,
      ),
    ).to.deep.equal(["b/5", "top"]);
    // Version 1, as the AWS CLI's validate-logs lists digests: Marker, and NextMarker with a delimiter.
    const v1 = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Marker: "a/b/3", MaxKeys: 2 }));
    expect(v1.Contents!.map((c) => c.Key)).to.deep.equal(["a/c/4", "b/5"]);
    expect(v1.IsTruncated).to.equal(true);
    const v1Rolled = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Delimiter: "/", MaxKeys: 1 }));
    expect([v1Rolled.CommonPrefixes![0].Prefix, v1Rolled.NextMarker]).to.deep.equal(["a/", "a/"]);
    const badToken = await awsError(() =>
      s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: "not-a-token" })),
    );
    expect([badToken.name, badToken.$metadata?.httpStatusCode]).to.deep.equal(["InvalidArgument", 400]);
  });

  it("Lake shares the store: query results delivered to S3 are read with the S3 client; objects put with it are imported", async () => {
    const ct = t.client();
    const store = await createStore(ct, "s3-shared");
    const { QueryId } = await ct.send(
      new StartQueryCommand({
        QueryStatement: `SELECT eventName FROM ${storeId(store)} WHERE eventName = 'CreateEventDataStore'`,
        DeliveryS3Uri: `s3://${BUCKET}/results`,
      }),
    );
    expect((await ct.send(new DescribeQueryCommand({ QueryId }))).DeliveryStatus).to.equal("SUCCESS");
    const [resultKey] = await listKeys(s3, BUCKET, "results/");
    expect(resultKey).to.equal(`results/${QueryId}/result_1.csv.gz`);
    expect(gunzipSync((await readObject(s3, BUCKET, resultKey)).bytes).toString()).to.equal(
      "eventName\nCreateEventDataStore\n",
    );
    const destination = await createStore(ct, "imported-from-s3", { StartIngestion: false });
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "src/AWSLogs/123456789012/CloudTrail/us-east-1/2026/01/10/file.json.gz",
        Body: logFile([trailRecord("PutBucketAcl", "2026-01-10T08:00:00Z")]),
      }),
    );
    const { ImportId } = await ct.send(
      new StartImportCommand({
        Destinations: [destination],
        ImportSource: {
          S3: {
            S3LocationUri: `s3://${BUCKET}/src/`,
            S3BucketRegion: "us-east-1",
            S3BucketAccessRoleArn: "arn:aws:iam::123456789012:role/lake-import",
          },
        },
      }),
    );
    await t.admin.advanceClock(121);
    expect((await ct.send(new GetImportCommand({ ImportId }))).ImportStatistics).to.include({
      FilesCompleted: 1,
      EventsCompleted: 1,
    });
  });

  describe("SIG-1 and SIG-2 for service s3", () => {
    it("verifies a known key's signatures: a wrong secret is SignatureDoesNotMatch, an unsigned call AccessDenied", async () => {
      await verifySignatures();
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "signed", Body: "ok" }));
      const wrong = s3Client(t.emulator.url, {
        credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: "not-the-secret" },
      });
      const refused = await awsError(() =>
        wrong.send(new GetObjectCommand({ Bucket: BUCKET, Key: "signed" })),
      );
      expect([refused.name, refused.$metadata?.httpStatusCode]).to.deep.equal(["SignatureDoesNotMatch", 403]);
      const unsigned = await raw(t.emulator.url, "GET", `/${BUCKET}/signed`, { sign: false });
      expect([unsigned.status, code(unsigned)]).to.deep.equal([403, "AccessDenied"]);
      expect(unsigned.headers["content-type"]).to.equal("application/xml");
      const old = await raw(t.emulator.url, "GET", `/${BUCKET}/signed`, {
        signingDate: new Date(Date.now() - 3600_000),
      });
      expect([old.status, code(old)]).to.deep.equal([403, "RequestTimeTooSkewed"]);
      expect((await raw(t.emulator.url, "GET", `/${BUCKET}/signed`)).body).to.equal("ok");
    });

    it("the body must match x-amz-content-sha256 and any checksum sent (XAmzContentSHA256Mismatch, BadDigest)", async () => {
      await verifySignatures();
      const mismatch = await raw(t.emulator.url, "PUT", `/${BUCKET}/k`, {
        body: "actual body",
        headers: { "x-amz-content-sha256": createHash("sha256").update("another body").digest("hex") },
      });
      expect([mismatch.status, code(mismatch)]).to.deep.equal([400, "XAmzContentSHA256Mismatch"]);
      const badCrc = await raw(t.emulator.url, "PUT", `/${BUCKET}/k`, {
        body: "actual body",
        headers: { "x-amz-checksum-crc32": "AAAAAA==" },
      });
      expect([badCrc.status, code(badCrc)]).to.deep.equal([400, "BadDigest"]);
      const unsignedPayload = await raw(t.emulator.url, "PUT", `/${BUCKET}/k`, {
        body: "any body",
        headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
      });
      expect(unsignedPayload.status).to.equal(200);
      expect((await t.admin.listObjects(BUCKET)).length).to.equal(1);
    });

    it("verifies each chunk signature of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body", async () => {
      await verifySignatures();
      const chunks = [Buffer.from("first chunk "), Buffer.from("second chunk"), Buffer.alloc(0)];
      const send = async (tamper: boolean) => {
        const u = new URL(t.emulator.url);
        const signingDate = new Date();
        const signer = new SignatureV4({
          credentials: TEST_CREDENTIALS,
          region: "us-east-1",
          service: "s3",
          sha256: Sha256,
          uriEscapePath: false,
          applyChecksum: false,
        });
        const headers = {
          host: u.host,
          "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
          "content-encoding": "aws-chunked",
          "x-amz-decoded-content-length": "24",
        };
        const signed = await signer.sign(
          new HttpRequest({
            method: "PUT",
            protocol: "http:",
            hostname: u.hostname,
            port: Number(u.port),
            path: `/${BUCKET}/chunked`,
            headers,
          }),
          { signingDate },
        );
        // The chunk signatures, by the algorithm S3's documentation gives (each chained to the previous).
        const auth = signed.headers.authorization;
        const amzDate = signed.headers["x-amz-date"];
        const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
        let key: Buffer = createHmac("sha256", `AWS4${TEST_CREDENTIALS.secretAccessKey}`)
          .update(amzDate.slice(0, 8))
          .digest();
        for (const part of ["us-east-1", "s3", "aws4_request"])
          key = createHmac("sha256", key).update(part).digest();
        let previous = /Signature=([0-9a-f]{64})/.exec(auth)![1];
        const hex = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
        const framed = chunks.map((chunk) => {
          const toSign = ["AWS4-HMAC-SHA256-PAYLOAD", amzDate, scope, previous, hex(""), hex(chunk)].join(
            "\n",
          );
          previous = createHmac("sha256", key).update(toSign).digest("hex");
          const data = tamper && chunk.length > 0 ? Buffer.from(chunk.toString().toUpperCase()) : chunk;
          return Buffer.concat([
            Buffer.from(`${chunk.length.toString(16)};chunk-signature=${previous}\r\n`),
            data,
            Buffer.from("\r\n"),
          ]);
        });
        return raw(t.emulator.url, "PUT", `/${BUCKET}/chunked`, {
          sign: false,
          headers: signed.headers,
          body: Buffer.concat(framed),
        });
      };
      const good = await send(false);
      expect(good.status, good.body).to.equal(200);
      expect((await t.admin.getObject(BUCKET, "chunked"))!.toString()).to.equal("first chunk second chunk");
      const tampered = await send(true);
      expect([tampered.status, code(tampered)]).to.deep.equal([403, "SignatureDoesNotMatch"]);
    });
  });

  describe("bad input: S3's error codes, never a 5xx", () => {
    it("refuses bad bucket names, keys with '..' segments, oversized bodies, and what the endpoint does not serve", async () => {
      for (const bucket of ["Bad_Bucket", "ab", "192.168.1.1", "a..b", "-start"]) {
        const answer = await raw(t.emulator.url, "GET", `/${bucket}/key`);
        expect([answer.status, code(answer)], bucket).to.deep.equal([400, "InvalidBucketName"]);
      }
      for (const path of [
        `/${BUCKET}/../escape`,
        `/${BUCKET}/a/../../b`,
        `/${BUCKET}/a/%2E%2E/b`,
        `/${BUCKET}/./a`,
      ]) {
        const answer = await raw(t.emulator.url, "PUT", path, { body: "x" });
        expect([answer.status, code(answer)], path).to.deep.equal([400, "InvalidArgument"]);
      }
      const sdkDots = await awsError(() =>
        s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "a/../b", Body: "x" })),
      );
      expect(sdkDots.name).to.equal("InvalidArgument");
      const long = await raw(t.emulator.url, "GET", `/${BUCKET}/${"k".repeat(1025)}`);
      expect([long.status, code(long)]).to.deep.equal([400, "KeyTooLongError"]);
      const big = await awsError(() =>
        s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "big", Body: Buffer.alloc(MAX_BODY + 1) })),
      );
      expect([big.name, big.$metadata?.httpStatusCode]).to.deep.equal(["EntityTooLarge", 400]);
      const bigStream = await awsError(() =>
        s3.send(
          new PutObjectCommand({
            Bucket: BUCKET,
            Key: "big-stream",
            ContentLength: MAX_BODY + 1,
            Body: Readable.from([Buffer.alloc(MAX_BODY + 1)]),
          }),
        ),
      );
      expect(bigStream.name).to.equal("EntityTooLarge");
      const acl = await raw(t.emulator.url, "GET", `/${BUCKET}/key?acl`);
      expect([acl.status, code(acl)]).to.deep.equal([400, "InvalidRequest"]);
      const badEncoding = await raw(t.emulator.url, "GET", `/${BUCKET}/%E0%A4%A`);
      expect([badEncoding.status, code(badEncoding)]).to.deep.equal([400, "InvalidURI"]);
      const badChunks = await raw(t.emulator.url, "PUT", `/${BUCKET}/k`, {
        body: "zz\r\nnot chunked",
        headers: { "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER" },
      });
      expect([badChunks.status, code(badChunks)]).to.deep.equal([400, "InvalidChunkSizeError"]);
      expect(await t.admin.listObjects(BUCKET)).to.deep.equal([]);
    });

    it("fuzzed requests (methods, paths, queries, headers, bodies) never get a 5xx and always an S3 error document (seed 25, 300 requests)", async function () {
      this.timeout(120_000);
      await verifySignatures();
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "AWSLogs/existing.json.gz", Body: "kept" }));
      const segment = fc.oneof(
        fc.constantFrom(
          BUCKET,
          "AWSLogs",
          "existing.json.gz",
          "..",
          ".",
          "%2e%2e",
          "%00",
          "%ZZ",
          "a%20b",
          "__proto__",
          "",
        ),
        fc.string({ maxLength: 12 }).map(encodeURIComponent),
      );
      const query = fc.oneof(
        fc.constant(""),
        fc.constantFrom(
          "?list-type=2",
          "?list-type=2&max-keys=-1",
          "?max-keys=abc",
          "?location",
          "?acl",
          "?uploads",
          "?continuation-token=%%%",
          "?encoding-type=xml",
          "?prefix=AWSLogs/&delimiter=/&max-keys=0",
        ),
      );
      const headers = fc.record(
        {
          range: fc.constantFrom("bytes=0-1", "bytes=5-2", "bytes=-0", "bytes=x-y", "pages=1"),
          "x-amz-content-sha256": fc.constantFrom(
            "UNSIGNED-PAYLOAD",
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            "nonsense",
          ),
          "x-amz-checksum-crc32": fc.constantFrom("AAAAAA==", "!!"),
          "x-amz-meta-big": fc.constant("m".repeat(3000)),
          "x-amz-copy-source": fc.constant(`/${BUCKET}/AWSLogs/existing.json.gz`),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("GET", "HEAD", "PUT", "DELETE", "POST"),
          fc.array(segment, { minLength: 0, maxLength: 4 }),
          query,
          headers,
          fc.oneof(fc.constant(""), fc.string({ maxLength: 40 }), fc.constant("0\r\n\r\n")),
          fc.boolean(),
          async (method, segments, q, extra, body, sign) => {
            const answer = await raw(t.emulator.url, method, `/${segments.join("/")}${q}`, {
              body,
              headers: extra as Record<string, string>,
              sign,
            });
            expect(answer.status, `${method} /${segments.join("/")}${q}: ${answer.body}`).to.be.lessThan(500);
            // An unsigned POST is not S3's (CloudTrail answers it); every other refusal is S3's XML error.
            if (answer.status >= 400 && method !== "HEAD" && (sign || method !== "POST"))
              expect(code(answer), answer.body).to.be.a("string");
          },
        ),
        { seed: 25, numRuns: 300 },
      );
      expect((await s3.send(new HeadBucketCommand({ Bucket: BUCKET }))).$metadata.httpStatusCode).to.equal(
        200,
      );
    });
  });
});
