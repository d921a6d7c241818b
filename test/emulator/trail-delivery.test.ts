import { expect } from "chai";
import { createHash, createPublicKey, verify } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  CreateTrailCommand,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  ListPublicKeysCommand,
  LookupEventsCommand,
  ListTrailsCommand,
  PutEventSelectorsCommand,
  StartImportCommand,
  GetImportCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  CloudTrailClient,
} from "@aws-sdk/client-cloudtrail";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { EmulatorAdmin, start } from "../../emulator";
import { deliverDue } from "../../emulator/delivery/trail-delivery";
import { getObject, putObject } from "../../emulator/lake/object-store";
import { accountState, emptyState, type RecordedEvent } from "../../emulator/state";
import { awsError, TEST_CREDENTIALS, useEmulator } from "../support/emulator";
import { createStore, query, storeId } from "../support/lake";
import { listKeys, readGzipText, readObject, s3Client } from "../support/s3";

const ACCOUNT = "123456789012";
const BUCKET = "trail-delivery";
const LOG_KEY =
  /^logs\/AWSLogs\/123456789012\/CloudTrail\/us-east-1\/(\d{4})\/(\d\d)\/(\d\d)\/123456789012_CloudTrail_us-east-1_(\d{8})T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/;

type Digest = {
  awsAccountId: string;
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm: string;
  previousDigestS3Bucket: string | null;
  previousDigestS3Object: string | null;
  previousDigestHashValue: string | null;
  previousDigestHashAlgorithm: string | null;
  previousDigestSignature: string | null;
  logFiles: { s3Bucket: string; s3Object: string; hashValue: string; hashAlgorithm: string }[];
};

/** Moves the clock to just past a 5-minute mark, so that no delivery window closes while a test makes its calls. */
async function alignClock(admin: EmulatorAdmin): Promise<void> {
  const now = (await admin.advanceClock(0)).getTime();
  await admin.advanceClock((300_000 - (now % 300_000)) / 1000 + 1);
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

describe("emulator: trails deliver log files and digests", () => {
  const t = useEmulator();

  async function loggingTrail(
    ct: CloudTrailClient,
    extra: Partial<ConstructorParameters<typeof CreateTrailCommand>[0]> = {},
  ): Promise<string> {
    const created = await ct.send(
      new CreateTrailCommand({ Name: "delivering", S3BucketName: BUCKET, S3KeyPrefix: "logs", ...extra }),
    );
    // A second on, so that CreateTrail's event is recorded before logging starts, never in the same millisecond.
    await t.admin.advanceClock(1);
    await ct.send(new StartLoggingCommand({ Name: "delivering" }));
    return created.TrailARN!;
  }

  it("a logging trail delivers the events it selects as gzip JSON Records at AWS's key, when a 5-minute window closes", async () => {
    const ct = t.client();
    const s3 = s3Client(t.emulator.url);
    await alignClock(t.admin);
    await loggingTrail(ct);
    await ct.send(new DescribeTrailsCommand({}));
    await ct.send(new ListTrailsCommand({}));
    expect(await listKeys(s3, BUCKET), "the window is still open").to.deep.equal([]);
    expect((await ct.send(new GetTrailStatusCommand({ Name: "delivering" }))).LatestDeliveryTime).to.equal(
      undefined,
    );
    await t.admin.advanceClock(300);
    const keys = await listKeys(s3, BUCKET);
    expect(keys).to.have.length(1);
    const [, yyyy, mm, dd, stamp] = LOG_KEY.exec(keys[0]) ?? [];
    expect(stamp, keys[0]).to.equal(`${yyyy}${mm}${dd}`);
    const records = (
      JSON.parse(await readGzipText(s3, BUCKET, keys[0])) as { Records: Record<string, unknown>[] }
    ).Records;
    // CreateTrail came before StartLogging; GetTrailStatus is the call above, recorded too.
    expect(records.map((r) => r.eventName)).to.deep.equal([
      "StartLogging",
      "DescribeTrails",
      "ListTrails",
      "GetTrailStatus",
    ]);
    expect(records[0]).to.include({ eventSource: "cloudtrail.amazonaws.com", recipientAccountId: ACCOUNT });
    const status = await ct.send(new GetTrailStatusCommand({ Name: "delivering" }));
    expect(status.LatestDeliveryTime!.getTime() % 300_000).to.equal(0);
    expect(status.LatestDeliveryAttemptSucceeded).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
    expect(status.LatestDeliveryError).to.equal(undefined);
    expect(status.LatestDigestDeliveryTime, "validation is off").to.equal(undefined);
  });

  it("TRAIL-8 selectors decide what is delivered; StopLogging ends delivery after what was recorded before it", async () => {
    const ct = t.client();
    const s3 = s3Client(t.emulator.url);
    await alignClock(t.admin);
    await loggingTrail(ct);
    await ct.send(
      new PutEventSelectorsCommand({
        TrailName: "delivering",
        EventSelectors: [{ ReadWriteType: "WriteOnly", IncludeManagementEvents: true }],
      }),
    );
    await ct.send(new DescribeTrailsCommand({}));
    await ct.send(new StopLoggingCommand({ Name: "delivering" }));
    await t.admin.advanceClock(300);
    await ct.send(new ListTrailsCommand({}));
    await t.admin.advanceClock(600);
    const keys = await listKeys(s3, BUCKET);
    expect(keys).to.have.length(1);
    const records = (
      JSON.parse(await readGzipText(s3, BUCKET, keys[0])) as { Records: { eventName: string }[] }
    ).Records;
    expect(records.map((r) => r.eventName)).to.deep.equal([
      "StartLogging",
      "PutEventSelectors",
      "StopLogging",
    ]);
  });

  it("digests: hourly, chained and signed as AWS documents (verified here by the documented algorithm)", async () => {
    const ct = t.client();
    const s3 = s3Client(t.emulator.url);
    await alignClock(t.admin);
    const trailArn = await loggingTrail(ct, { EnableLogFileValidation: true });
    for (const advance of [301, 3600, 3600, 3600]) {
      await ct.send(new DescribeTrailsCommand({}));
      await t.admin.advanceClock(advance);
    }
    const digestPrefix = `logs/AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/`;
    const digestKeys = await listKeys(s3, BUCKET, digestPrefix);
    expect(digestKeys).to.have.length(3);
    const { PublicKeyList } = await ct.send(
      new ListPublicKeysCommand({ StartTime: new Date(0), EndTime: new Date(Date.now() + 400 * 86400_000) }),
    );
    const keysByFingerprint = new Map(PublicKeyList!.map((k) => [k.Fingerprint!, k]));
    let previous: { key: string; text: string; signature: string } | undefined;
    let logFilesListed = 0;
    for (const key of digestKeys) {
      const { bytes, metadata } = await readObject(s3, BUCKET, key);
      const text = (await readGzipText(s3, BUCKET, key)).toString();
      expect(bytes.subarray(0, 2).toString("hex"), "gzip").to.equal("1f8b");
      const digest = JSON.parse(text) as Digest;
      // The key: <account>_CloudTrail-Digest_<region>_<trail>_<home region>_<end, yyyyMMddTHHmmssZ>.json.gz
      expect(key).to.equal(
        `${digestPrefix}${digest.digestEndTime.slice(0, 10).replace(/-/g, "/")}/${ACCOUNT}_CloudTrail-Digest_us-east-1_delivering_us-east-1_${digest.digestEndTime.replace(/[-:]/g, "")}.json.gz`,
      );
      expect(digest).to.include({
        awsAccountId: ACCOUNT,
        digestS3Bucket: BUCKET,
        digestS3Object: key,
        digestSignatureAlgorithm: "SHA256withRSA",
      });
      expect(Date.parse(digest.digestEndTime) - Date.parse(digest.digestStartTime)).to.equal(3600_000);
      expect(metadata["signature-algorithm"]).to.equal("SHA256withRSA");
      // The data signing string (user guide: custom implementations of log file validation).
      const signed = [
        digest.digestEndTime,
        `${digest.digestS3Bucket}/${digest.digestS3Object}`,
        sha256(text),
        digest.previousDigestSignature ?? "null",
      ].join("\n");
      const publicKey = keysByFingerprint.get(digest.digestPublicKeyFingerprint);
      expect(publicKey, "ListPublicKeys lists the signing key").to.not.equal(undefined);
      const pkcs1 = createPublicKey({ key: Buffer.from(publicKey!.Value!), format: "der", type: "pkcs1" });
      expect(verify("sha256", Buffer.from(signed), pkcs1, Buffer.from(metadata.signature, "hex"))).to.equal(
        true,
      );
      expect(
        verify("sha256", Buffer.from(`${signed}x`), pkcs1, Buffer.from(metadata.signature, "hex")),
      ).to.equal(false);
      if (previous) {
        expect(digest).to.include({
          previousDigestS3Bucket: BUCKET,
          previousDigestS3Object: previous.key,
          previousDigestHashValue: sha256(previous.text),
          previousDigestHashAlgorithm: "SHA-256",
          previousDigestSignature: previous.signature,
        });
        expect(digest.digestStartTime).to.equal((JSON.parse(previous.text) as Digest).digestEndTime);
      } else {
        expect(digest.previousDigestSignature, "the first digest starts the chain").to.equal(null);
        expect(digest.previousDigestS3Object).to.equal(null);
      }
      for (const log of digest.logFiles) {
        expect(log.hashAlgorithm).to.equal("SHA-256");
        expect(log.hashValue, log.s3Object).to.equal(
          sha256(await readGzipText(s3, log.s3Bucket, log.s3Object)),
        );
        logFilesListed++;
      }
      previous = { key, text, signature: metadata.signature };
    }
    const logKeys = await listKeys(s3, BUCKET, `logs/AWSLogs/${ACCOUNT}/CloudTrail/`);
    expect(logKeys.length).to.be.greaterThan(2);
    expect(logFilesListed, "every log file delivered within the digests' hours is listed once").to.equal(
      logKeys.length,
    );
    const status = await ct.send(new GetTrailStatusCommand({ Name: trailArn }));
    expect(status.LatestDigestDeliveryTime!.toISOString().replace(".000", "")).to.equal(
      (JSON.parse(previous!.text) as Digest).digestEndTime,
    );
  });

  it("S3 object calls are data events: trails deliver those their selectors select; LookupEvents never shows them", async () => {
    const ct = t.client();
    const s3 = s3Client(t.emulator.url);
    await alignClock(t.admin);
    await loggingTrail(ct);
    await ct.send(
      new PutEventSelectorsCommand({
        TrailName: "delivering",
        EventSelectors: [
          {
            ReadWriteType: "All",
            IncludeManagementEvents: false,
            DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::watched-bucket/reports/"] }],
          },
        ],
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: "watched-bucket", Key: "reports/q1.csv", Body: "a,b" }));
    await readObject(s3, "watched-bucket", "reports/q1.csv");
    await awsError(() => s3.send(new GetObjectCommand({ Bucket: "watched-bucket", Key: "reports/none" })));
    await s3.send(new PutObjectCommand({ Bucket: "watched-bucket", Key: "other/x", Body: "x" }));
    await s3.send(new PutObjectCommand({ Bucket: "unwatched-bucket", Key: "reports/y", Body: "y" }));
    await t.admin.advanceClock(300);
    const keys = await listKeys(s3, BUCKET, "logs/AWSLogs/");
    expect(keys).to.have.length(1);
    const records = (
      JSON.parse(await readGzipText(s3, BUCKET, keys[0])) as {
        Records: {
          eventName: string;
          eventCategory: string;
          errorCode?: string;
          resources: { type: string; ARN: string }[];
        }[];
      }
    ).Records;
    expect(records.map((r) => [r.eventName, r.errorCode])).to.deep.equal([
      ["PutObject", undefined],
      ["GetObject", undefined],
      ["GetObject", "NoSuchKey"],
    ]);
    expect(records[0]).to.include({ eventCategory: "Data", eventSource: "s3.amazonaws.com" });
    expect(records[0].resources).to.deep.include({
      type: "AWS::S3::Object",
      ARN: "arn:aws:s3:::watched-bucket/reports/q1.csv",
    });
    const lookup = await ct.send(new LookupEventsCommand({ MaxResults: 50 }));
    expect(lookup.Events!.map((e) => e.EventSource)).to.not.include("s3.amazonaws.com");
    // Advanced selectors as written: Data events of S3 objects that write.
    await ct.send(
      new PutEventSelectorsCommand({
        TrailName: "delivering",
        AdvancedEventSelectors: [
          {
            FieldSelectors: [
              { Field: "eventCategory", Equals: ["Data"] },
              { Field: "resources.type", Equals: ["AWS::S3::Object"] },
              { Field: "readOnly", Equals: ["false"] },
            ],
          },
        ],
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: "unwatched-bucket", Key: "z", Body: "z" }));
    await readObject(s3, "unwatched-bucket", "z");
    await s3.send(new DeleteObjectCommand({ Bucket: "unwatched-bucket", Key: "z" }));
    await t.admin.advanceClock(300);
    const second = (await listKeys(s3, BUCKET, "logs/AWSLogs/")).filter((k) => k !== keys[0]);
    expect(second).to.have.length(1);
    const names = (
      JSON.parse(await readGzipText(s3, BUCKET, second[0])) as { Records: { eventName: string }[] }
    ).Records.map((r) => r.eventName);
    expect(names).to.deep.equal(["PutObject", "DeleteObject"]);
  });

  it("ListPublicKeys: the region's current key, keys rotating every 30 days, time ranges and paging", async () => {
    const ct = t.client();
    const first = (await ct.send(new ListPublicKeysCommand({}))).PublicKeyList!;
    expect(first).to.have.length(1);
    const [key] = first;
    expect(key.Fingerprint).to.match(/^[0-9a-f]{32}$/);
    expect(key.ValidityEndTime!.getTime() - key.ValidityStartTime!.getTime()).to.equal(30 * 86400_000);
    // Value is the DER of the public key in PKCS#1, as the API reference documents it.
    const rsa = createPublicKey({ key: Buffer.from(key.Value!), format: "der", type: "pkcs1" });
    expect(rsa.asymmetricKeyType).to.equal("rsa");
    expect(rsa.asymmetricKeyDetails?.modulusLength).to.equal(2048);
    expect(
      (await t.client("eu-west-1").send(new ListPublicKeysCommand({}))).PublicKeyList![0].Fingerprint,
    ).to.not.equal(key.Fingerprint, "each region has its own key pair");
    await t.admin.advanceClock(31 * 86400);
    const now = (await t.admin.advanceClock(0)).getTime();
    const current = (await ct.send(new ListPublicKeysCommand({}))).PublicKeyList!;
    expect(current.map((k) => k.Fingerprint)).to.not.include(key.Fingerprint);
    const range = { StartTime: new Date(now - 40 * 86400_000), EndTime: new Date(now) };
    const both = (await ct.send(new ListPublicKeysCommand(range))).PublicKeyList!;
    expect(both.map((k) => k.Fingerprint)).to.deep.equal([key.Fingerprint, current[0].Fingerprint]);
    await t.admin.configure({ pageSize: 1 });
    const page1 = await ct.send(new ListPublicKeysCommand(range));
    const page2 = await ct.send(new ListPublicKeysCommand({ ...range, NextToken: page1.NextToken }));
    expect([...page1.PublicKeyList!, ...page2.PublicKeyList!].map((k) => k.Fingerprint)).to.deep.equal(
      both.map((k) => k.Fingerprint),
    );
    expect(page2.NextToken).to.equal(undefined);
    const reversed = await awsError(() =>
      ct.send(new ListPublicKeysCommand({ StartTime: new Date(now), EndTime: new Date(now - 1000) })),
    );
    expect(reversed.name).to.equal("InvalidTimeRangeException");
    const foreign = await awsError(() =>
      ct.send(new ListPublicKeysCommand({ ...range, NextToken: page1.NextToken + "x" })),
    );
    expect(foreign.name).to.equal("InvalidTokenException");
  });

  it("GetTrailStatus reports NoSuchBucket when the bucket was deleted, and clears it once delivery succeeds", async () => {
    const ct = t.client();
    const s3 = s3Client(t.emulator.url);
    await t.admin.register({ s3Buckets: [BUCKET, "another-bucket"] });
    await alignClock(t.admin);
    await loggingTrail(ct, { EnableLogFileValidation: true });
    await s3.send(new DeleteBucketCommand({ Bucket: BUCKET }));
    await ct.send(new DescribeTrailsCommand({}));
    await t.admin.advanceClock(3601);
    const failing = await ct.send(new GetTrailStatusCommand({ Name: "delivering" }));
    expect(failing).to.include({
      LatestDeliveryError: "NoSuchBucket",
      LatestDigestDeliveryError: "NoSuchBucket",
    });
    expect(failing.LatestDeliveryTime).to.equal(undefined);
    expect(failing.LatestDeliveryAttemptTime).to.match(/Z$/);
    expect(failing.LatestDeliveryAttemptSucceeded).to.equal("");
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await t.admin.advanceClock(3600);
    const recovered = await ct.send(new GetTrailStatusCommand({ Name: "delivering" }));
    expect(recovered.LatestDeliveryError).to.equal(undefined);
    expect(recovered.LatestDigestDeliveryError).to.equal(undefined);
    expect(recovered.LatestDeliveryTime).to.be.instanceOf(Date);
    expect(await listKeys(s3, BUCKET, "logs/AWSLogs/")).to.not.deep.equal([]);
  });

  it("a multi-region trail delivers for every region it records in; an organization trail under the organization's id", async () => {
    const s3 = s3Client(t.emulator.url);
    await t.admin.register({ organizationAccounts: [ACCOUNT] });
    await alignClock(t.admin);
    await loggingTrail(t.client(), { IsMultiRegionTrail: true, IsOrganizationTrail: true });
    await t.client("eu-west-1").send(new DescribeTrailsCommand({}));
    await t.client("ap-south-1").send(new ListTrailsCommand({}));
    await t.admin.advanceClock(300);
    const keys = await listKeys(s3, BUCKET);
    const regions = keys.map((k) => /\/CloudTrail\/([a-z0-9-]+)\//.exec(k)?.[1]).sort();
    expect(regions).to.deep.equal(["ap-south-1", "eu-west-1", "us-east-1"]);
    for (const key of keys)
      expect(key).to.match(/^logs\/AWSLogs\/o-[0-9a-z]{10}\/123456789012\/CloudTrail\//);
    const euKey = keys.find((k) => k.includes("/eu-west-1/"))!;
    expect(euKey).to.contain("123456789012_CloudTrail_eu-west-1_");
    const records = (
      JSON.parse(await readGzipText(s3, BUCKET, euKey)) as { Records: { awsRegion: string }[] }
    ).Records;
    expect(records.map((r) => r.awsRegion)).to.deep.equal(["eu-west-1"]);
  });

  it("the whole path: a trail delivers, StartImport reads what it delivered, a Lake query finds the events", async () => {
    const ct = t.client();
    await alignClock(t.admin);
    await loggingTrail(ct);
    await ct.send(new DescribeTrailsCommand({ trailNameList: ["delivering"] }));
    await t.admin.advanceClock(300);
    const store = await createStore(ct, "from-trail-logs", { StartIngestion: false });
    const { ImportId } = await ct.send(
      new StartImportCommand({
        Destinations: [store],
        ImportSource: {
          S3: {
            S3LocationUri: `s3://${BUCKET}/logs/AWSLogs/`,
            S3BucketRegion: "us-east-1",
            S3BucketAccessRoleArn: "arn:aws:iam::123456789012:role/lake-import",
          },
        },
      }),
    );
    await t.admin.advanceClock(121);
    const done = await ct.send(new GetImportCommand({ ImportId }));
    expect(done.ImportStatus).to.equal("COMPLETED");
    expect(done.ImportStatistics).to.include({ FilesCompleted: 1, FailedEntries: 0 });
    const rows = await query(
      ct,
      `SELECT eventName, awsRegion FROM ${storeId(store)} WHERE eventSource = 'cloudtrail.amazonaws.com' ORDER BY eventTime, eventName`,
    );
    expect(rows.map((r) => r.eventName)).to.include.members(["StartLogging", "DescribeTrails"]);
    expect(rows.every((r) => r.awsRegion === "us-east-1")).to.equal(true);
  });

  it("delivered objects, their metadata and the key pairs survive a restart; the chain continues across it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trail-delivery-"));
    const file = join(dir, "state.json");
    const credentials = { credentials: TEST_CREDENTIALS, region: "us-east-1", maxAttempts: 1 };
    try {
      let emulator = await start({ rateScale: 0, stateFile: file });
      let admin = new EmulatorAdmin(emulator.url);
      let ct = new CloudTrailClient({ endpoint: emulator.url, ...credentials });
      await alignClock(admin);
      await loggingTrail(ct, { EnableLogFileValidation: true });
      await admin.advanceClock(3601);
      let s3 = s3Client(emulator.url);
      const [firstDigest] = await listKeys(s3, BUCKET, "logs/AWSLogs/123456789012/CloudTrail-Digest/");
      const before = await readObject(s3, BUCKET, firstDigest);
      const fingerprint = (JSON.parse(gunzipSync(before.bytes).toString()) as Digest)
        .digestPublicKeyFingerprint;
      const offset = (await admin.advanceClock(0)).getTime() - Date.now();
      await emulator.stop();

      emulator = await start({ rateScale: 0, stateFile: file });
      admin = new EmulatorAdmin(emulator.url);
      ct = new CloudTrailClient({ endpoint: emulator.url, ...credentials });
      s3 = s3Client(emulator.url);
      const after = await readObject(s3, BUCKET, firstDigest);
      expect(after.metadata).to.deep.equal(before.metadata);
      expect(after.bytes.equals(before.bytes)).to.equal(true);
      // The clock is not persisted: bring the new emulator to where the old one was, then an hour on.
      await admin.advanceClock(Math.ceil(offset / 1000) + 3600);
      const signedAt = new Date((JSON.parse(gunzipSync(before.bytes).toString()) as Digest).digestEndTime);
      const kept = await ct.send(new ListPublicKeysCommand({ StartTime: signedAt, EndTime: signedAt }));
      expect(kept.PublicKeyList!.map((k) => k.Fingerprint)).to.deep.equal([fingerprint]);
      const digests = await listKeys(s3, BUCKET, "logs/AWSLogs/123456789012/CloudTrail-Digest/");
      expect(digests).to.have.length(2);
      const second = JSON.parse(await readGzipText(s3, BUCKET, digests[1])) as Digest;
      expect(second.previousDigestSignature).to.equal(before.metadata.signature);
      await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: firstDigest }));
      await emulator.stop();
      emulator = await start({ rateScale: 0, stateFile: file });
      expect(
        await listKeys(s3Client(emulator.url), BUCKET, "logs/AWSLogs/123456789012/CloudTrail-Digest/"),
      ).to.deep.equal([digests[1]]);
      await emulator.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("emulator: delivered files stay bounded", () => {
  it("beyond the limit the oldest delivered files are removed; other objects are kept", () => {
    const state = emptyState();
    const account = accountState(state, ACCOUNT);
    const arn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/bounded`;
    const startedAt = Date.UTC(2026, 0, 1);
    account.trails[arn] = {
      Name: "bounded",
      S3BucketName: BUCKET,
      IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: false,
      HomeRegion: "us-east-1",
      TrailARN: arn,
      LogFileValidationEnabled: false,
      IsOrganizationTrail: false,
      IsLogging: true,
      StartLoggingTime: startedAt,
      EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }],
      HasCustomEventSelectors: false,
      InsightSelectors: [],
      Tags: [],
    };
    putObject(state.lake, BUCKET, "notes/kept.txt", Buffer.from("not a delivered file"), startedAt - 1);
    const journal = (account.events["us-east-1"] = [] as RecordedEvent[]);
    for (let window = 0; window < 5; window++) {
      const time = startedAt + window * 300_000 + 1;
      const record = { eventName: `Call${window}`, eventTime: new Date(time).toISOString(), readOnly: false };
      journal.push({
        EventId: `e${window}`,
        EventName: record.eventName,
        ReadOnly: "false",
        AccessKeyId: "AKID",
        EventTime: time,
        EventSource: "cloudtrail.amazonaws.com",
        Username: "u",
        Resources: [],
        CloudTrailEvent: JSON.stringify(record),
      });
      expect(deliverDue(state, startedAt + (window + 1) * 300_000, 3)).to.equal(1);
    }
    deliverDue(state, startedAt + 6 * 300_000, 3);
    const keys = Object.keys(state.lake.objects[BUCKET]);
    expect(keys).to.include("notes/kept.txt");
    const names = keys
      .filter((k) => k.endsWith(".json.gz"))
      .map(
        (k) =>
          (
            JSON.parse(gunzipSync(getObject(state.lake, BUCKET, k)!).toString()) as {
              Records: { eventName: string }[];
            }
          ).Records[0].eventName,
      )
      .sort();
    expect(names).to.deep.equal(["Call2", "Call3", "Call4"]);
  });
});
