import { createHash, generateKeyPairSync, sign } from "node:crypto";
import {
  CreateTrailCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  UpdateTrailCommand,
} from "@aws-sdk/client-cloudtrail";
import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { InvalidArgumentsError } from "../../sdk/lake-client";
import { validateLogs, ValidateLogsError, type ValidateLogsOptions } from "../../sdk/validate-logs";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";
import { BUCKET, deliveredTrail, getObject, listedLogs, putObject } from "../support/trail-delivery";

// validateLogs against logs and digests the emulator delivered, read and tampered with through its
// S3 endpoint with @aws-sdk/client-s3: each tamper case is reported for what it is.

describe("validateLogs (logs and digests the emulator delivered, through its S3 endpoint)", () => {
  const t = useEmulator();

  it("finds intact logs valid: every delivered digest and log file, newest digest first", async () => {
    const d = await deliveredTrail(t);
    expect(d.digests.length).to.be.at.least(3);
    expect(d.logs.length).to.be.at.least(9);
    const seen: string[] = [];
    const result = await validateLogs(d.trailArn, { ...d.options, onFile: (f) => seen.push(f.key) });
    expect(result.problems).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    expect(result.digestFiles).to.deep.equal({ valid: d.digests.length, invalid: 0, missing: 0 });
    expect(result.logFiles).to.deep.equal({ valid: d.logs.length, invalid: 0, missing: 0 });
    expect(seen[0]).to.equal(d.digests.at(-1));
    expect([...seen].sort()).to.deep.equal([...d.digests, ...d.logs].sort());
    expect(result.digestLocation).to.equal(
      `s3://${BUCKET}/AWSLogs/${d.account}/CloudTrail-Digest/us-east-1/`,
    );
  });

  it("reports a modified log file as invalid (its hash does not match) and the rest valid", async () => {
    const d = await deliveredTrail(t);
    const target = d.logs[1];
    const original = JSON.parse((await getObject(d.s3, target)).json.toString()) as {
      Records: { eventName: string }[];
    };
    original.Records[0].eventName = "DeleteTrail";
    await putObject(d.s3, target, JSON.stringify(original));
    const result = await validateLogs(d.trailArn, d.options);
    expect(result.problems).to.deep.equal([
      { kind: "log", bucket: BUCKET, key: target, status: "invalid", reason: "hash value doesn't match" },
    ]);
    expect(result.logFiles).to.deep.equal({ valid: d.logs.length - 1, invalid: 1, missing: 0 });
    expect(result.valid).to.equal(false);
  });

  it("reports a deleted log file as missing", async () => {
    const d = await deliveredTrail(t);
    const target = d.logs[0];
    await d.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: target }));
    const result = await validateLogs(d.trailArn, d.options);
    expect(result.problems).to.deep.equal([
      { kind: "log", bucket: BUCKET, key: target, status: "missing", reason: "not found" },
    ]);
    expect(result.logFiles).to.deep.equal({ valid: d.logs.length - 1, invalid: 0, missing: 1 });
  });

  it("reports a modified digest as invalid (its signature fails) and goes on to the older digests", async () => {
    const d = await deliveredTrail(t);
    const target = d.digests[1];
    const { json, metadata } = await getObject(d.s3, target);
    const digest = JSON.parse(json.toString()) as { logFiles: unknown[] };
    const unchecked = digest.logFiles.length;
    digest.logFiles = [];
    await putObject(d.s3, target, JSON.stringify(digest), metadata);
    const result = await validateLogs(d.trailArn, d.options);
    expect(result.problems).to.deep.equal([
      {
        kind: "digest",
        bucket: BUCKET,
        key: target,
        status: "invalid",
        reason: "signature verification failed",
      },
    ]);
    expect(result.digestFiles).to.deep.equal({ valid: d.digests.length - 1, invalid: 1, missing: 0 });
    // The logs only the changed digest lists cannot be vouched for: they are not counted.
    expect(result.logFiles.valid).to.equal(d.logs.length - unchecked);
  });

  it("reports a digest deleted from the middle of the chain as missing and validates both sides of it", async () => {
    const d = await deliveredTrail(t, 4);
    const target = d.digests[1];
    const itsLogs = await listedLogs(d.s3, target);
    await d.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: target }));
    const result = await validateLogs(d.trailArn, d.options);
    expect(result.problems).to.deep.equal([
      { kind: "digest", bucket: BUCKET, key: target, status: "missing", reason: "not found" },
    ]);
    expect(result.digestFiles).to.deep.equal({ valid: d.digests.length - 1, invalid: 0, missing: 1 });
    expect(result.logFiles.valid).to.equal(d.logs.length - itsLogs.length);
  });

  it("reports a digest signed with a key ListPublicKeys does not list as invalid, naming the fingerprint", async () => {
    const d = await deliveredTrail(t);
    const target = d.digests[1];
    const { json, metadata } = await getObject(d.s3, target);
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const fingerprint = createHash("md5")
      .update(pair.publicKey.export({ format: "der", type: "pkcs1" }))
      .digest("hex");
    const digest = JSON.parse(json.toString()) as Record<string, string | null>;
    digest.digestPublicKeyFingerprint = fingerprint;
    const content = Buffer.from(JSON.stringify(digest));
    // Signed as the user guide documents, so only the key is wrong.
    const toSign = [
      digest.digestEndTime,
      `${BUCKET}/${target}`,
      createHash("sha256").update(content).digest("hex"),
      digest.previousDigestSignature ?? "null",
    ].join("\n");
    const signature = sign("sha256", Buffer.from(toSign), pair.privateKey).toString("hex");
    await putObject(d.s3, target, content, { ...metadata, signature });
    const result = await validateLogs(d.trailArn, d.options);
    expect(result.problems).to.deep.equal([
      {
        kind: "digest",
        bucket: BUCKET,
        key: target,
        status: "invalid",
        reason: `public key not found in region us-east-1 for fingerprint ${fingerprint}`,
      },
    ]);
  });

  it("reports a break in the chain (validation off for a while) as a gap, not a fault", async () => {
    const d = await deliveredTrail(t, 2);
    const ct = t.client();
    await ct.send(new UpdateTrailCommand({ Name: "audit", EnableLogFileValidation: false }));
    await t.admin.advanceClock(2 * 3600);
    await ct.send(new UpdateTrailCommand({ Name: "audit", EnableLogFileValidation: true }));
    await ct.send(new GetTrailStatusCommand({ Name: "audit" }));
    const end = await t.admin.advanceClock(2 * 3600);
    const result = await validateLogs(d.trailArn, { ...d.options, endTime: end });
    expect(result.problems).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    expect(result.gaps).to.have.length(1);
    const [gap] = result.gaps;
    expect(Date.parse(gap.to) - Date.parse(gap.from)).to.be.at.least(3600_000);
    expect(result.digestFiles.valid).to.be.greaterThan(d.digests.length);
  });

  it("refuses a trail without log file validation, a range with no digests and a bucket it cannot read", async () => {
    await t.admin.register({ s3Buckets: [BUCKET] });
    const ct = t.client();
    const start = await t.admin.advanceClock(0);
    const { TrailARN } = await ct.send(new CreateTrailCommand({ Name: "plain", S3BucketName: BUCKET }));
    await ct.send(new StartLoggingCommand({ Name: "plain" }));
    const end = await t.admin.advanceClock(7200);
    const options: ValidateLogsOptions = {
      startTime: start,
      endTime: end,
      endpoint: t.emulator.url,
      region: "us-east-1",
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    };
    const refusal = async (promise: Promise<unknown>) => {
      const e = await promise.then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).to.be.instanceOf(ValidateLogsError);
      return e as ValidateLogsError;
    };
    const disabled = await refusal(validateLogs(TrailARN!, options));
    expect(disabled.code).to.equal("LogFileValidationDisabled");
    expect(disabled.message)
      .to.contain("LogFileValidationEnabled is false")
      .and.contain("enableLogFileValidation");

    await ct.send(new UpdateTrailCommand({ Name: "plain", EnableLogFileValidation: true }));
    const before = new Date(start.getTime() - 86_400_000);
    const none = await refusal(
      validateLogs(TrailARN!, {
        ...options,
        startTime: before,
        endTime: new Date(before.getTime() + 3_600_000),
      }),
    );
    expect(none.code).to.equal("NoDigestsInRange");
    expect(none.message).to.contain(
      `s3://${BUCKET}/AWSLogs/${TrailARN!.split(":")[4]}/CloudTrail-Digest/us-east-1/`,
    );

    const unreadable = await refusal(validateLogs(TrailARN!, { ...options, s3Bucket: "not-registered" }));
    expect(unreadable.code).to.equal("BucketNotReadable");
    expect(unreadable.message).to.contain("cannot read bucket not-registered (NoSuchBucket");
  });

  it("checks its arguments before any call, naming each", async () => {
    const promise = validateLogs("arn:aws:cloudtrail:us-east-1:000000000000:audit", {
      startTime: "2026-02-01T00:00:00Z",
      endTime: "2026-01-01T00:00:00Z",
      s3Bucket: "Bad_Bucket",
      concurrency: 0,
      endpoint: t.emulator.url,
    });
    const e = await promise.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).to.be.instanceOf(InvalidArgumentsError);
    const properties = (e as InvalidArgumentsError).failures.map((f) => f.property).sort();
    expect(properties).to.deep.equal(["concurrency", "s3Bucket", "startTime", "trailArn"]);
    expect((e as Error).message)
      .to.contain("NAME-4")
      .and.contain("startTime 2026-02-01T00:00:00Z is after endTime");
    expect(await t.admin.log()).to.deep.equal([]);
  });
});
