import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  CloudTrailClient,
  CreateTrailCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
  LookupEventsCommand,
  StartLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import { start } from "cloudtrail-emulator";
import {
  awsError,
  expectBurstLimited,
  clientAt,
  TEST_CREDENTIALS,
  useEmulator,
} from "../../test/support/emulator";
import { rawCall } from "../../test/support/raw";

const BUCKET = "audit-logs-bucket";
const TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";

describe("emulator: protocol and controls", () => {
  const t = useEmulator();

  describe("signatures", () => {
    it("refuses an unsigned request with MissingAuthenticationTokenException (403)", async () => {
      const res = await rawCall(t.emulator.url, `${TARGET}ListTrails`, "{}", { sign: false });
      expect(res.status).to.equal(403);
      expect(res.body.__type).to.equal("MissingAuthenticationTokenException");
    });
    it("verifies the signature of a known key and refuses a wrong secret", async () => {
      await t.admin.addCredential({ ...TEST_CREDENTIALS, account: "210987654321" });
      const bad = await rawCall(t.emulator.url, `${TARGET}ListTrails`, "{}", { secretAccessKey: "wrong" });
      expect(bad.status).to.equal(400);
      expect(bad.body.__type).to.equal("InvalidSignatureException");
      const created = await t.client().send(new CreateTrailCommand({ Name: "signed", S3BucketName: BUCKET }));
      expect(created.TrailARN).to.equal("arn:aws:cloudtrail:us-east-1:210987654321:trail/signed");
      const wrongSecret = new CloudTrailClient({
        endpoint: t.emulator.url,
        region: "us-east-1",
        credentials: { ...TEST_CREDENTIALS, secretAccessKey: "not-the-secret" },
        maxAttempts: 1,
      });
      expect((await awsError(() => wrongSecret.send(new ListTrailsCommand({})))).name).to.equal(
        "InvalidSignatureException",
      );
    });
    it("keeps state per account and region", async () => {
      await t.client("us-east-1").send(new CreateTrailCommand({ Name: "mine", S3BucketName: BUCKET }));
      await t.admin.addCredential({
        accessKeyId: "AKIDOTHER",
        secretAccessKey: "other",
        account: "111122223333",
      });
      const other = t.client("us-east-1", {
        credentials: { accessKeyId: "AKIDOTHER", secretAccessKey: "other" },
      });
      expect((await other.send(new ListTrailsCommand({}))).Trails).to.deep.equal([]);
      expect((await t.client("eu-west-1").send(new ListTrailsCommand({}))).Trails).to.deep.equal([]);
    });
  });

  describe("malformed requests", () => {
    it("answers every operation of the installed @aws-sdk/client-cloudtrail (none is unknown)", async () => {
      const commands = readdirSync(
        join(dirname(require.resolve("@aws-sdk/client-cloudtrail/package.json")), "dist-types", "commands"),
      )
        .filter((f) => f.endsWith("Command.d.ts"))
        .map((f) => f.slice(0, -"Command.d.ts".length));
      expect(commands).to.have.length.of.at.least(60);
      const unknown: string[] = [];
      for (const operation of commands) {
        // Empty input: a validation error or an answer, never "unknown operation".
        const res = await rawCall(t.emulator.url, `${TARGET}${operation}`, "{}");
        if (res.body.__type === "UnknownOperationException") unknown.push(operation);
      }
      expect(unknown).to.deep.equal([]);
    });
    it("answers an unknown operation with UnknownOperationException", async () => {
      const res = await rawCall(t.emulator.url, `${TARGET}LaunchRockets`, "{}");
      expect([res.status, res.body.__type]).to.deep.equal([400, "UnknownOperationException"]);
    });
    it("answers malformed JSON and wrong types with SerializationException", async () => {
      const bad = await rawCall(t.emulator.url, `${TARGET}CreateTrail`, "{not json");
      expect([bad.status, bad.body.__type]).to.deep.equal([400, "SerializationException"]);
      const wrong = await rawCall(
        t.emulator.url,
        `${TARGET}CreateTrail`,
        JSON.stringify({ Name: 42, S3BucketName: BUCKET }),
      );
      expect(wrong.body.__type).to.equal("SerializationException");
      const list = await rawCall(
        t.emulator.url,
        `${TARGET}PutEventSelectors`,
        JSON.stringify({ TrailName: "abc", EventSelectors: {} }),
      );
      expect(list.body.__type).to.equal("SerializationException");
    });
    it("answers a missing required member with ValidationException naming it", async () => {
      const res = await rawCall(t.emulator.url, `${TARGET}CreateTrail`, JSON.stringify({ Name: "abc" }));
      expect(res.body.__type).to.equal("ValidationException");
      expect(res.body.message).to.contain("s3BucketName");
    });
  });

  describe("RATE-1 to RATE-3 throttling", () => {
    it("RATE-1 a second mutating call within a second is throttled; RATE-3 the SDK retries it", async () => {
      await t.admin.configure({ rateScale: 1 });
      let n = 0;
      const create = () =>
        t.client().send(new CreateTrailCommand({ Name: `rate-${++n}`, S3BucketName: BUCKET }));
      await expectBurstLimited(2, create, { capacity: 1, perSecond: 1 });
      await t.admin.clearLog();
      // The burst emptied the bucket: a second for its one token to come back, so that one of the
      // two lands at once and the other waits a second. The SDK backs off from a throttle at
      // random, up to 0.5 s, 1 s, 2 s, ... per attempt: with four retries it gave up before a
      // token came often enough to fail a run; with nine it outlasts a second all but never.
      await new Promise((r) => setTimeout(r, 1100));
      const retrying = t.client("us-east-1", { maxAttempts: 10 });
      const landed = await Promise.all(
        ["rate-a", "rate-b"].map((Name) =>
          retrying.send(new CreateTrailCommand({ Name, S3BucketName: BUCKET })),
        ),
      );
      // Every throttle the two met was retried by the SDK until the call landed.
      const throttles = (await t.admin.log()).filter((l) => l.outcome === "ThrottlingException").length;
      expect(throttles).to.be.greaterThan(0);
      expect(landed.reduce((sum, r) => sum + r.$metadata.attempts!, 0)).to.equal(2 + throttles);
    });
    it("RATE-2 allows a burst of 10 reads and throttles the rest", async () => {
      await t.admin.configure({ rateScale: 1 });
      await expectBurstLimited(20, () => t.client().send(new ListTrailsCommand({})), {
        capacity: 10,
        perSecond: 10,
      });
    });
    it("RATE-2 LookupEvents allows 2 calls at once", async () => {
      await t.admin.configure({ rateScale: 1 });
      await expectBurstLimited(3, () => t.client().send(new LookupEventsCommand({})), {
        capacity: 2,
        perSecond: 2,
      });
    });
  });

  describe("faults", () => {
    it("throttle and 500 faults are retried by the SDK", async () => {
      await t.admin.fault({ operation: "ListTrails", kind: "throttle", count: 1 });
      await t.admin.fault({ operation: "ListTrails", kind: "internal", count: 1 });
      const res = await t.client("us-east-1", { maxAttempts: 3 }).send(new ListTrailsCommand({}));
      expect(res.$metadata.attempts).to.equal(3);
      const log = await t.admin.log();
      expect(log.map((l) => l.outcome)).to.deep.equal(["ThrottlingException", "InternalFailure", "ok"]);
    });
    it("a 500 fault reaches a client that does not retry", async () => {
      await t.admin.fault({ operation: "GetTrail", kind: "internal", count: 1 });
      const e = await awsError(() => t.client().send(new GetTrailCommand({ Name: "anything" })));
      expect([e.name, e.$metadata?.httpStatusCode]).to.deep.equal(["InternalFailure", 500]);
    });
    it("a connection reset fails the call and the next call goes through", async () => {
      await t.admin.fault({ operation: "*", kind: "reset", count: 1 });
      const e = await awsError(() => t.client().send(new ListTrailsCommand({})));
      expect(e.message).to.match(/socket hang up|ECONNRESET|terminated/i);
      await t.client().send(new ListTrailsCommand({}));
    });
    it("latency delays the answer", async () => {
      await t.admin.fault({ operation: "ListTrails", kind: "latency", count: 1, latencyMs: 300 });
      const before = Date.now();
      await t.client().send(new ListTrailsCommand({}));
      expect(Date.now() - before).to.be.at.least(290);
    });
  });

  describe("registered resources", () => {
    it("once buckets are registered, an unknown bucket is S3BucketDoesNotExistException", async () => {
      await t.client().send(new CreateTrailCommand({ Name: "any-bucket", S3BucketName: "never-registered" }));
      await t.admin.register({ s3Buckets: [BUCKET] });
      const e = await awsError(() =>
        t.client().send(new CreateTrailCommand({ Name: "strict", S3BucketName: "never-registered" })),
      );
      expect(e.name).to.equal("S3BucketDoesNotExistException");
      await t.client().send(new CreateTrailCommand({ Name: "strict", S3BucketName: BUCKET }));
    });
    it("KMS keys, SNS topics and IAM roles are checked the same way", async () => {
      await t.admin.register({
        kmsKeys: ["alias/audit"],
        snsTopics: ["audit-topic"],
        iamRoles: ["arn:aws:iam::123456789012:role/cwl"],
      });
      const kms = await awsError(() =>
        t
          .client()
          .send(new CreateTrailCommand({ Name: "kms", S3BucketName: BUCKET, KmsKeyId: "alias/other" })),
      );
      expect(kms.name).to.equal("KmsKeyNotFoundException");
      const sns = await awsError(() =>
        t.client().send(new CreateTrailCommand({ Name: "sns", S3BucketName: BUCKET, SnsTopicName: "other" })),
      );
      expect(sns.name).to.equal("InsufficientSnsTopicPolicyException");
      const role = await awsError(() =>
        t.client().send(
          new CreateTrailCommand({
            Name: "cwl",
            S3BucketName: BUCKET,
            CloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:audit:*",
            CloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/other",
          }),
        ),
      );
      expect(role.name).to.equal("InvalidCloudWatchLogsRoleArnException");
      const ok = await t.client().send(
        new CreateTrailCommand({
          Name: "all-ok",
          S3BucketName: BUCKET,
          KmsKeyId: "alias/audit",
          SnsTopicName: "audit-topic",
        }),
      );
      expect(ok.SnsTopicARN).to.equal("arn:aws:sns:us-east-1:123456789012:audit-topic");
    });
  });

  describe("LookupEvents (LOOK-1)", () => {
    beforeEach(async () => {
      await t.client().send(new CreateTrailCommand({ Name: "looked-up", S3BucketName: BUCKET }));
      await t.client().send(new StartLoggingCommand({ Name: "looked-up" }));
      await t.client().send(new GetTrailStatusCommand({ Name: "looked-up" }));
    });
    it("records the emulator's own calls, newest first, filterable by attribute", async () => {
      const all = await t.client().send(new LookupEventsCommand({}));
      expect(all.Events?.map((e) => e.EventName)).to.deep.equal([
        "GetTrailStatus",
        "StartLogging",
        "CreateTrail",
      ]);
      const writes = await t.client().send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "false" }],
        }),
      );
      expect(writes.Events?.map((e) => e.EventName)).to.deep.equal(["StartLogging", "CreateTrail"]);
      const byName = await t.client().send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "CreateTrail" }],
        }),
      );
      const event = JSON.parse(byName.Events![0].CloudTrailEvent!) as { requestParameters: { Name: string } };
      expect(event.requestParameters.Name).to.equal("looked-up");
      const byResource = await t.client().send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "ResourceName", AttributeValue: "looked-up" }],
        }),
      );
      expect(byResource.Events).to.have.length(3);
    });
    it("LOOK-1 at most one attribute, MaxResults 1-50, StartTime not after EndTime", async () => {
      const two = [
        { AttributeKey: "ReadOnly" as const, AttributeValue: "true" },
        { AttributeKey: "EventName" as const, AttributeValue: "x" },
      ];
      expect(
        (await awsError(() => t.client().send(new LookupEventsCommand({ LookupAttributes: two })))).name,
      ).to.equal("InvalidLookupAttributesException");
      expect(
        (await awsError(() => t.client().send(new LookupEventsCommand({ MaxResults: 51 })))).name,
      ).to.equal("InvalidMaxResultsException");
      expect(
        (await awsError(() => t.client().send(new LookupEventsCommand({ MaxResults: 0 })))).name,
      ).to.equal("InvalidMaxResultsException");
      const e = await awsError(() =>
        t.client().send(new LookupEventsCommand({ StartTime: new Date(2000), EndTime: new Date(1000) })),
      );
      expect(e.name).to.equal("InvalidTimeRangeException");
      await t.client().send(new LookupEventsCommand({ MaxResults: 50 }));
    });
    it("LOOK-1 pages with NextToken (default page 10) and refuses a token from another query", async () => {
      for (let i = 0; i < 12; i++) await t.client().send(new ListTrailsCommand({}));
      const first = await t.client().send(new LookupEventsCommand({}));
      expect(first.Events).to.have.length(10);
      const second = await t.client().send(new LookupEventsCommand({ NextToken: first.NextToken }));
      expect(second.Events).to.have.length(5);
      expect(second.NextToken).to.equal(undefined);
      const e = await awsError(() =>
        t.client().send(
          new LookupEventsCommand({
            NextToken: first.NextToken,
            LookupAttributes: [{ AttributeKey: "ReadOnly", AttributeValue: "true" }],
          }),
        ),
      );
      expect(e.name).to.equal("InvalidNextTokenException");
    });
    it("the clock moves events out of a time range and out of the 90-day window", async () => {
      const now = await t.admin.advanceClock(3600);
      const recent = await t
        .client()
        .send(new LookupEventsCommand({ StartTime: new Date(now.getTime() - 60_000) }));
      expect(recent.Events).to.have.length(0);
      await t.admin.advanceClock(91 * 24 * 3600);
      await t.client().send(new ListTrailsCommand({}));
      const all = await t.client().send(new LookupEventsCommand({}));
      expect(all.Events?.map((e) => e.EventName)).to.deep.equal(["ListTrails"]);
    });
  });

  it("the request log lists operation, parameters and outcome", async () => {
    await t.client().send(new CreateTrailCommand({ Name: "logged", S3BucketName: BUCKET }));
    await awsError(() => t.client().send(new GetTrailCommand({ Name: "missing" })));
    const log = await t.admin.log();
    expect(log.map((l) => [l.operation, l.outcome, l.status])).to.deep.equal([
      ["CreateTrail", "ok", 200],
      ["GetTrail", "TrailNotFoundException", 400],
    ]);
    expect(log[0].params).to.deep.equal({ Name: "logged", S3BucketName: BUCKET });
    await t.admin.clearLog();
    expect(await t.admin.log()).to.deep.equal([]);
  });
});

describe("emulator: persistence and start-up", () => {
  it("keeps trails across a restart with --state, and never leaves a torn file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ct-state-"));
    const file = join(dir, "state.json");
    const first = await start({ stateFile: file, rateScale: 0 });
    await clientAt(first.url).send(new CreateTrailCommand({ Name: "durable", S3BucketName: BUCKET }));
    await first.stop();
    expect(() => JSON.parse(readFileSync(file, "utf8"))).not.to.throw();
    const second = await start({ stateFile: file, rateScale: 0 });
    try {
      expect(
        (await clientAt(second.url).send(new GetTrailCommand({ Name: "durable" }))).Trail?.Name,
      ).to.equal("durable");
    } finally {
      await second.stop();
    }
    writeFileSync(`${file}.99999.tmp`, "{ torn");
    const third = await start({ stateFile: file, rateScale: 0 });
    await third.stop();
  });

  it("starts with one command: cloudtrail-emulator --port 0", async () => {
    const child = spawn(process.execPath, [
      join(dirname(require.resolve("cloudtrail-emulator/package.json")), "dist", "cli.js"),
      "--port",
      "0",
      "--rate-scale",
      "0",
    ]);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          const m = /listening on (http:\/\/\S+)/.exec(d.toString());
          if (m) resolve(m[1]);
        });
        child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
      });
      const client = new CloudTrailClient({
        endpoint: url,
        region: "us-east-1",
        credentials: TEST_CREDENTIALS,
        maxAttempts: 1,
      });
      expect((await client.send(new ListTrailsCommand({}))).Trails).to.deep.equal([]);
    } finally {
      child.kill();
    }
  });
});
