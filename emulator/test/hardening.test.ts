import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateTrailCommand,
  DeleteTrailCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
  LookupEventsCommand,
  StartLoggingCommand,
  UpdateTrailCommand,
} from "@aws-sdk/client-cloudtrail";
import { EmulatorAdmin, start, type EmulatorOptions } from "cloudtrail-emulator";
import { awsError, TEST_CREDENTIALS, trailsOf, useEmulator } from "../../test/support/emulator";
import { rawCall, rawHttp } from "../../test/support/raw";
import { rawPutAuditEvents } from "../../test/support/cloudtrail-data";

const BUCKET = "audit-logs-bucket";
const TARGET = "CloudTrail_20131101.";

/** An emulator of its own for a test that needs start options; stopped after `fn`. */
async function withEmulator(
  options: EmulatorOptions,
  fn: (url: string, admin: EmulatorAdmin) => Promise<void>,
) {
  const emulator = await start({ rateScale: 0, ...options });
  try {
    await fn(emulator.url, new EmulatorAdmin(emulator.url));
  } finally {
    await emulator.stop();
  }
}

describe("emulator: hardening", () => {
  const t = useEmulator();

  /** Asserts the emulator still answers, and that the trails are what they were. */
  async function stillServing(trailsBefore: string): Promise<void> {
    expect((await t.client().send(new ListTrailsCommand({}))).$metadata.httpStatusCode).to.equal(200);
    expect(await trailsOf(t.admin)).to.equal(trailsBefore);
  }

  async function seed(): Promise<string> {
    await t.client().send(new CreateTrailCommand({ Name: "kept", S3BucketName: BUCKET }));
    return trailsOf(t.admin);
  }

  describe("WIRE-1 malformed requests are client errors, before any change", () => {
    it("a Host header that is not a host is 400, not a crash", async () => {
      const before = await seed();
      const res = await rawHttp(t.emulator.port, "GET / HTTP/1.1\r\nHost: [\r\n\r\n");
      expect(res.status).to.equal(400);
      await stillServing(before);
      // A container's name is a host name: answered once allowed (test/emulator/hosts.test.ts).
      const named = await rawHttp(
        t.emulator.port,
        "GET /_emulator/health HTTP/1.1\r\nHost: ct_emulator:4566\r\n\r\n",
      );
      expect(named.status).to.equal(403);
    });

    it("an absolute-form request target that is not a URL is 400, not a crash", async () => {
      const before = await seed();
      const res = await rawHttp(t.emulator.port, "POST http://[ HTTP/1.1\r\nHost: localhost\r\n\r\n");
      expect(res.status).to.equal(400);
      await stillServing(before);
    });

    it("a body nested 10,000 deep is a SerializationException, creates nothing, and the log still answers", async () => {
      const before = await seed();
      const deep = `{"Name":"deep","S3BucketName":"${BUCKET}","TagsList":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
      const res = await rawCall(t.emulator.url, `${TARGET}CreateTrail`, deep);
      expect([res.status, res.body.__type]).to.deep.equal([400, "SerializationException"]);
      expect((await t.admin.log()).at(-1)?.outcome).to.equal("SerializationException");
      await stillServing(before);
    });

    for (const [operation, body, path] of [
      ["CreateTrail", { Name: "n", S3BucketName: BUCKET, TagsList: [null] }, "tagsList.1.member"],
      ["PutEventSelectors", { TrailName: "kept", EventSelectors: [null] }, "eventSelectors.1.member"],
      [
        "PutEventSelectors",
        { TrailName: "kept", AdvancedEventSelectors: [{ FieldSelectors: [null] }] },
        "advancedEventSelectors.1.member.fieldSelectors.1.member",
      ],
      [
        "PutEventSelectors",
        {
          TrailName: "kept",
          AdvancedEventSelectors: [{ FieldSelectors: [{ Field: "eventCategory", Equals: [null] }] }],
        },
        "advancedEventSelectors.1.member.fieldSelectors.1.member.equals.1.member",
      ],
      ["PutInsightSelectors", { TrailName: "kept", InsightSelectors: [null] }, "insightSelectors.1.member"],
      ["LookupEvents", { LookupAttributes: [null] }, "lookupAttributes.1.member"],
    ] as const) {
      it(`null inside ${path.split(".")[0]} (${operation}) is a ValidationException naming it`, async () => {
        const before = await seed();
        const res = await rawCall(t.emulator.url, `${TARGET}${operation}`, JSON.stringify(body));
        expect([res.status, res.body.__type]).to.deep.equal([400, "ValidationException"]);
        expect(res.body.message).to.contain(path);
        await stillServing(before);
      });
    }

    it("a required member sent as null is a ValidationException; an optional one is absent", async () => {
      const before = await seed();
      const res = await rawCall(t.emulator.url, `${TARGET}CreateTrail`, JSON.stringify({ Name: null }));
      expect([res.status, res.body.__type]).to.deep.equal([400, "ValidationException"]);
      await stillServing(before);
      const ok = await rawCall(
        t.emulator.url,
        `${TARGET}CreateTrail`,
        JSON.stringify({ Name: "nulls", S3BucketName: BUCKET, KmsKeyId: null, TagsList: null }),
      );
      expect(ok.status).to.equal(200);
    });

    it("an integer out of its range and a timestamp that is no time are SerializationExceptions", async () => {
      const before = await seed();
      for (const body of [{ MaxResults: 2 ** 40 }, { MaxResults: 1.5 }, { StartTime: "yesterday" }]) {
        const res = await rawCall(t.emulator.url, `${TARGET}LookupEvents`, JSON.stringify(body));
        expect([res.status, res.body.__type]).to.deep.equal([400, "SerializationException"]);
      }
      await stillServing(before);
    });

    it("a body above the limit is refused with 413 before it is read", async () => {
      const before = await seed();
      // 600 MB announced, a few bytes sent: the answer comes without waiting for the rest.
      const res = await rawHttp(
        t.emulator.port,
        `POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 600000000\r\nX-Amz-Target: ${TARGET}ListTrails\r\n\r\n{"a":`,
      );
      expect(res.status).to.equal(413);
      expect(res.text).to.contain("RequestEntityTooLargeException");
      await stillServing(before);
    });

    it("CloudTrail Data's PutAuditEvents gets the same checks: body limit, depth, signature", async () => {
      const channelArn = "arn:aws:cloudtrail:us-east-1:123456789012:channel/missing";
      const tooLarge = await rawHttp(
        t.emulator.port,
        `POST /PutAuditEvents?channelArn=${channelArn} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 600000000\r\n\r\n{"a":`,
      );
      expect(tooLarge.status).to.equal(413);
      const deep = await rawPutAuditEvents(
        t.emulator.url,
        { channelArn },
        `${"[".repeat(10_000)}${"]".repeat(10_000)}`,
      );
      expect([deep.status, deep.errorType]).to.deep.equal([400, "SerializationException"]);
      const unsigned = await fetch(`${t.emulator.url}/PutAuditEvents?channelArn=${channelArn}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"auditEvents":[]}',
      });
      expect([unsigned.status, unsigned.headers.get("x-amzn-errortype")]).to.deep.equal([
        403,
        "MissingAuthenticationTokenException",
      ]);
      await t.admin.addCredential({ ...TEST_CREDENTIALS, account: "123456789012" });
      const wrongSecret = await rawPutAuditEvents(t.emulator.url, { channelArn }, '{"auditEvents":[]}', {
        credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: "not-the-secret" },
      });
      expect([wrongSecret.status, wrongSecret.errorType]).to.deep.equal([403, "InvalidSignatureException"]);
    });

    it("a chunked body that grows past the limit is refused with 413", async () => {
      await withEmulator({ maxBodyBytes: 1024 }, async (url) => {
        const port = Number(new URL(url).port);
        const chunk = "x".repeat(600);
        const res = await rawHttp(
          port,
          `POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n` +
            `258\r\n${chunk}\r\n258\r\n${chunk}\r\n`,
        );
        expect(res.status).to.equal(413);
        const admin = new EmulatorAdmin(url);
        expect((await admin.log()).map((l) => l.status)).to.deep.equal([413]);
      });
    });

    it("an internal failure inside an operation (the state file cannot be written) leaves nothing half-applied", async () => {
      const dir = mkdtempSync(join(tmpdir(), "ct-atomic-"));
      await withEmulator({ stateFile: join(dir, "state.json") }, async (url, admin) => {
        const client = t.client("us-east-1", { endpoint: url });
        await client.send(new CreateTrailCommand({ Name: "atomic", S3BucketName: BUCKET }));
        const before = await trailsOf(admin);
        rmSync(dir, { recursive: true });
        const e = await awsError(() =>
          client.send(
            new UpdateTrailCommand({
              Name: "atomic",
              S3BucketName: "other-bucket",
              IsMultiRegionTrail: true,
            }),
          ),
        );
        expect([e.name, e.$metadata?.httpStatusCode]).to.deep.equal(["InternalFailure", 500]);
        expect(await trailsOf(admin)).to.equal(before);
        expect((await client.send(new GetTrailCommand({ Name: "atomic" }))).Trail?.S3BucketName).to.equal(
          BUCKET,
        );
      });
    });
  });

  describe("no lookups through the prototype; regions are real regions", () => {
    for (const key of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      it(`access key id ${key} is an unknown key: the default account`, async () => {
        const res = await rawCall(t.emulator.url, `${TARGET}ListTrails`, "{}", { accessKeyId: key });
        expect(res.status).to.equal(200);
      });
    }
    for (const region of ["__proto__", "constructor", "toString", "Us East 1!", "us-east-99"]) {
      it(`region ${JSON.stringify(region)} is refused like an unknown scope, and nothing is created`, async () => {
        const before = await seed();
        const res = await rawCall(
          t.emulator.url,
          `${TARGET}CreateTrail`,
          JSON.stringify({ Name: "scoped", S3BucketName: BUCKET }),
          { region },
        );
        expect([res.status, res.body.__type]).to.deep.equal([400, "InvalidSignatureException"]);
        expect(res.body.message).to.contain("valid region");
        await stillServing(before);
      });
    }
    it("tag keys named like prototype members are plain tags", async () => {
      const created = await t.client().send(
        new CreateTrailCommand({
          Name: "proto-tags",
          S3BucketName: BUCKET,
          TagsList: [
            { Key: "__proto__", Value: "a" },
            { Key: "constructor", Value: "b" },
          ],
        }),
      );
      const state = await t.admin.state();
      const trail = state.accounts["123456789012"].trails[created.TrailARN as string];
      expect(trail.Tags).to.deep.equal([
        { Key: "__proto__", Value: "a" },
        { Key: "constructor", Value: "b" },
      ]);
    });
  });

  describe("SIG-1 and SIG-2 signatures as AWS verifies them", () => {
    beforeEach(async () => {
      await t.admin.addCredential({ ...TEST_CREDENTIALS, account: "123456789012" });
    });

    it("SIG-1 a body other than the one signed is refused, even with the signed body's hash in a header", async () => {
      await t.client().send(new CreateTrailCommand({ Name: "victim-a", S3BucketName: BUCKET }));
      await t.client().send(new CreateTrailCommand({ Name: "victim-b", S3BucketName: BUCKET }));
      const before = await trailsOf(t.admin);
      const res = await rawCall(
        t.emulator.url,
        `${TARGET}DeleteTrail`,
        JSON.stringify({ Name: "victim-a" }),
        {
          sendBody: JSON.stringify({ Name: "victim-b" }),
        },
      );
      expect([res.status, res.body.__type]).to.deep.equal([400, "InvalidSignatureException"]);
      await stillServing(before);
    });

    it("SIG-1 a request signed as botocore signs (no x-amz-content-sha256) is accepted", async () => {
      const res = await rawCall(
        t.emulator.url,
        `${TARGET}CreateTrail`,
        JSON.stringify({ Name: "from-boto", S3BucketName: BUCKET }),
        { applyChecksum: false },
      );
      expect(res.status).to.equal(200);
      const wrong = await rawCall(t.emulator.url, `${TARGET}ListTrails`, "{}", {
        applyChecksum: false,
        secretAccessKey: "wrong",
      });
      expect(wrong.body.__type).to.equal("InvalidSignatureException");
    });

    for (const header of ["host", "x-amz-date"]) {
      it(`SIG-1 ${header} must be signed (IncompleteSignatureException)`, async () => {
        const before = await seed();
        const res = await rawCall(t.emulator.url, `${TARGET}DeleteTrail`, JSON.stringify({ Name: "kept" }), {
          unsignableHeaders: [header],
        });
        expect([res.status, res.body.__type]).to.deep.equal([400, "IncompleteSignatureException"]);
        await stillServing(before);
      });
    }

    it("SIG-2 X-Amz-Date a day old or a day ahead is refused, whatever the emulated clock says", async () => {
      const before = await seed();
      const day = 24 * 3600 * 1000;
      const old = await rawCall(t.emulator.url, `${TARGET}DeleteTrail`, JSON.stringify({ Name: "kept" }), {
        signingDate: new Date(Date.now() - day),
      });
      expect([old.status, old.body.__type]).to.deep.equal([400, "InvalidSignatureException"]);
      expect(old.body.message).to.match(/^Signature expired: .* - 15 min\.\)$/);
      const ahead = await rawCall(t.emulator.url, `${TARGET}DeleteTrail`, JSON.stringify({ Name: "kept" }), {
        signingDate: new Date(Date.now() + day),
      });
      expect(ahead.body.message).to.match(/^Signature not yet current: .* \+ 15 min\.\)$/);
      await t.admin.advanceClock(2 * 24 * 3600);
      await stillServing(before);
    });

    it("SIG-2 the scope must name the service served and the request's date", async () => {
      const before = await seed();
      const service = await rawCall(
        t.emulator.url,
        `${TARGET}DeleteTrail`,
        JSON.stringify({ Name: "kept" }),
        {
          service: "s3",
        },
      );
      expect([service.status, service.body.__type]).to.deep.equal([400, "InvalidSignatureException"]);
      expect(service.body.message).to.contain("'cloudtrail'");
      // A scope of another day: signed with the right key for that day, but X-Amz-Date is today.
      const res = await fetch(`${t.emulator.url}/`, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": `${TARGET}ListTrails`,
          "x-amz-date": new Date().toISOString().replace(/[-:]|\.\d{3}/g, ""),
          authorization: `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20200101/us-east-1/cloudtrail/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`,
        },
        body: "{}",
      });
      const body = (await res.json()) as { __type: string; message: string };
      expect([res.status, body.__type]).to.deep.equal([400, "InvalidSignatureException"]);
      expect(body.message).to.contain("Date in Credential scope does not match");
      await stillServing(before);
    });

    it("--strict-credentials refuses an unknown key with UnrecognizedClientException", async () => {
      await withEmulator(
        {
          strictCredentials: true,
          credentials: { AKIDKNOWN: { secretAccessKey: "s", account: "111122223333" } },
        },
        async (url) => {
          const res = await rawCall(url, `${TARGET}ListTrails`, "{}");
          expect([res.status, res.body.__type]).to.deep.equal([400, "UnrecognizedClientException"]);
          const known = await rawCall(url, `${TARGET}ListTrails`, "{}", {
            accessKeyId: "AKIDKNOWN",
            secretAccessKey: "s",
          });
          expect(known.status).to.equal(200);
        },
      );
    });
  });

  describe("bounded cost", () => {
    it("the request log keeps the newest entries up to its cap and pages", async () => {
      await withEmulator({ logLimit: 5 }, async (url, admin) => {
        for (let i = 0; i < 8; i++)
          await rawCall(url, `${TARGET}GetTrail`, JSON.stringify({ Name: `n-${i}` }));
        const log = await admin.log();
        expect(log.map((l) => (l.params as { Name: string }).Name)).to.deep.equal([
          "n-3",
          "n-4",
          "n-5",
          "n-6",
          "n-7",
        ]);
        const page = await admin.logPage({ limit: 2 });
        expect(page.entries.map((l) => l.seq)).to.deep.equal([3, 4]);
        const next = await admin.logPage({ after: page.next, limit: 10 });
        expect(next.entries.map((l) => l.seq)).to.deep.equal([5, 6, 7]);
        expect(next.next).to.equal(undefined);
      });
    });

    it("recorded events are capped per account and region, oldest dropped, and survive a restart", async () => {
      const dir = mkdtempSync(join(tmpdir(), "ct-events-"));
      const file = join(dir, "state.json");
      const names = async (url: string) => {
        const client = t.client("us-east-1", { endpoint: url });
        return (await client.send(new LookupEventsCommand({}))).Events?.map(
          (e) => e.Resources?.[0]?.ResourceName,
        );
      };
      await withEmulator({ eventLimit: 3, stateFile: file }, async (url) => {
        for (let i = 0; i < 5; i++)
          await rawCall(url, `${TARGET}GetTrail`, JSON.stringify({ Name: `e-${i}` }));
        expect(await names(url)).to.deep.equal(["e-4", "e-3", "e-2"]);
      });
      // The state file holds no event history; the journal beside it does.
      expect(existsSync(file) ? readFileSync(file, "utf8") : "").not.to.contain("e-4");
      expect(readFileSync(`${file}.events`, "utf8")).to.contain("e-4");
      await withEmulator({ eventLimit: 3, stateFile: file }, async (url) => {
        expect(await names(url)).to.deep.equal(["e-4", "e-3", "e-2"]);
      });
    });

    it("stale temporary state files are removed at start; a torn journal line is skipped", async () => {
      const dir = mkdtempSync(join(tmpdir(), "ct-temp-"));
      const file = join(dir, "state.json");
      writeFileSync(`${file}.999999.0123456789ab.tmp`, "{ torn");
      writeFileSync(`${file}.events`, '{"a":"123456789012","r":"us-east-1","e":{"Even');
      await withEmulator({ stateFile: file }, async (url) => {
        expect(existsSync(`${file}.999999.0123456789ab.tmp`)).to.equal(false);
        const res = await rawCall(url, `${TARGET}LookupEvents`, "{}");
        expect(res.status).to.equal(200);
      });
    });
  });

  describe("TRAIL-1 and TRAIL-2 for multi-region trails", () => {
    async function fill(region: string, count: number) {
      for (let i = 0; i < count; i++) {
        await t.client(region).send(new CreateTrailCommand({ Name: `${region}-${i}`, S3BucketName: BUCKET }));
      }
    }

    it("TRAIL-1 a multi-region trail cannot be created while another region has 5 trails", async () => {
      await fill("us-west-2", 5);
      const before = await trailsOf(t.admin);
      const e = await awsError(() =>
        t
          .client("us-east-1")
          .send(
            new CreateTrailCommand({ Name: "everywhere", S3BucketName: BUCKET, IsMultiRegionTrail: true }),
          ),
      );
      expect(e.name).to.equal("MaximumNumberOfTrailsExceededException");
      expect(e.message).to.contain("us-west-2");
      expect(await trailsOf(t.admin)).to.equal(before);
    });

    it("TRAIL-1 nor updated to multi-region", async () => {
      await t.client("us-east-1").send(new CreateTrailCommand({ Name: "local", S3BucketName: BUCKET }));
      await fill("us-west-2", 5);
      const before = await trailsOf(t.admin);
      const e = await awsError(() =>
        t.client("us-east-1").send(new UpdateTrailCommand({ Name: "local", IsMultiRegionTrail: true })),
      );
      expect(e.name).to.equal("MaximumNumberOfTrailsExceededException");
      expect(await trailsOf(t.admin)).to.equal(before);
    });

    it("TRAIL-2 a multi-region trail holds its name in every region, and takes no name held anywhere", async () => {
      await t.client("us-west-2").send(new CreateTrailCommand({ Name: "taken", S3BucketName: BUCKET }));
      const dup = await awsError(() =>
        t
          .client("us-east-1")
          .send(new CreateTrailCommand({ Name: "taken", S3BucketName: BUCKET, IsMultiRegionTrail: true })),
      );
      expect(dup.name).to.equal("TrailAlreadyExistsException");
      await t
        .client("us-east-1")
        .send(new CreateTrailCommand({ Name: "global", S3BucketName: BUCKET, IsMultiRegionTrail: true }));
      const shadowed = await awsError(() =>
        t.client("eu-west-1").send(new CreateTrailCommand({ Name: "global", S3BucketName: BUCKET })),
      );
      expect(shadowed.name).to.equal("TrailAlreadyExistsException");
      // Another partition is another world: the name is free in China.
      await t.client("cn-north-1").send(new CreateTrailCommand({ Name: "global", S3BucketName: BUCKET }));
    });
  });

  describe("admin endpoint safety", () => {
    it("a form a web page posts to reset is refused and the state stays", async () => {
      const before = await seed();
      const res = await fetch(`${t.emulator.url}/_emulator/reset`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "a=b",
      });
      expect(res.status).to.equal(415);
      const fromPage = await fetch(`${t.emulator.url}/_emulator/reset`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example" },
        body: "{}",
      });
      expect(fromPage.status).to.equal(403);
      await stillServing(before);
    });

    for (const [path, body] of [
      ["clock", "null"],
      ["register", "null"],
      ["config", "null"],
      ["credentials", "null"],
      ["clock", '{"advanceSeconds": 1e15}'],
      ["clock", '{"advanceSeconds": -5}'],
      ["config", '{"pageSize": 0}'],
      ["config", '{"rateScale": "fast"}'],
      ["register", '{"s3Buckets": "one"}'],
      ["register", '{"organizationAccounts": ["12"]}'],
      ["credentials", '{"accessKeyId": "AKID", "secretAccessKey": "s", "account": "x"}'],
      ["faults", '{"operation": "*", "kind": "explode", "count": 1}'],
      ["faults", '{"operation": "*", "kind": "reset", "count": 1e9}'],
      ["lake", '{"queryRunSeconds": -1}'],
      ["lake", '{"closedToNewCustomers": "yes"}'],
      ["organization", "null"],
      ["organization", '{"managementAccount": "12"}'],
      ["organization", '{"managementAccount": "123456789012", "memberAccounts": "111111111111"}'],
      ["organization", '{"managementAccount": "123456789012", "organizationId": "org-1"}'],
    ] as const) {
      it(`admin ${path} refuses ${body} with 400 and changes nothing`, async () => {
        const before = await seed();
        const res = await fetch(`${t.emulator.url}/_emulator/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        expect(res.status).to.equal(400);
        expect(await t.admin.configure({})).to.include({ pageSize: 50, rateScale: 0 });
        expect((await t.admin.state()).registry.s3Buckets).to.deep.equal([]);
        await stillServing(before);
      });
    }

    it("object store writes need application/octet-stream, from no other origin; names are checked", async () => {
      const object = `${t.emulator.url}/_emulator/s3/logs-bucket/AWSLogs/a.json.gz`;
      const form = await fetch(object, {
        method: "PUT",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "a=b",
      });
      expect(form.status).to.equal(415);
      const fromPage = await fetch(object, {
        method: "PUT",
        headers: { "content-type": "application/octet-stream", origin: "https://evil.example" },
        body: "bytes",
      });
      expect(fromPage.status).to.equal(403);
      const badBucket = await fetch(`${t.emulator.url}/_emulator/s3/__proto__/key`, {
        method: "PUT",
        headers: { "content-type": "application/octet-stream" },
        body: "bytes",
      });
      expect(badBucket.status).to.equal(400);
      const badEncoding = await fetch(`${t.emulator.url}/_emulator/s3/logs-bucket/%E0%A4%A`);
      expect(badEncoding.status).to.equal(400);
      expect(await t.admin.listObjects("logs-bucket")).to.deep.equal([]);
      await t.admin.putObject("logs-bucket", "AWSLogs/a.json.gz", "bytes");
      expect((await t.admin.getObject("logs-bucket", "AWSLogs/a.json.gz"))!.toString()).to.equal("bytes");
    });

    it("--admin-token guards every admin call; the client passes it", async () => {
      await withEmulator({ adminToken: "sesame" }, async (url) => {
        expect((await fetch(`${url}/_emulator/state`)).status).to.equal(401);
        const wrong = await fetch(`${url}/_emulator/reset`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer sesamx" },
        });
        expect(wrong.status).to.equal(401);
        expect((await fetch(`${url}/_emulator/s3/logs-bucket/key`)).status).to.equal(401);
        const admin = new EmulatorAdmin(url, { token: "sesame" });
        await admin.putObject("logs-bucket", "key", "bytes");
        expect(await admin.listObjects("logs-bucket")).to.deep.equal(["key"]);
        await admin.reset();
      });
    });

    it("binding beyond loopback warns what is exposed", async () => {
      const warnings: string[] = [];
      const warn = console.warn;
      console.warn = (message: string) => void warnings.push(message);
      try {
        await withEmulator({ host: "0.0.0.0", adminToken: "sesame" }, async () => {});
      } finally {
        console.warn = warn;
      }
      expect(warnings.join("\n")).to.match(/0\.0\.0\.0.*admin endpoint \/_emulator\/.*credentials/);
    });
  });

  describe("fidelity to AWS's answers", () => {
    it("GetTrailStatus answers the legacy string members, empty when there is nothing, times to the second", async () => {
      await t.client().send(new CreateTrailCommand({ Name: "status", S3BucketName: BUCKET }));
      const idle = await t.client().send(new GetTrailStatusCommand({ Name: "status" }));
      expect(idle).to.include({
        LatestDeliveryAttemptTime: "",
        LatestNotificationAttemptTime: "",
        LatestNotificationAttemptSucceeded: "",
        LatestDeliveryAttemptSucceeded: "",
        TimeLoggingStarted: "",
        TimeLoggingStopped: "",
      });
      await t.client().send(new StartLoggingCommand({ Name: "status" }));
      const logging = await t.client().send(new GetTrailStatusCommand({ Name: "status" }));
      expect(logging.TimeLoggingStarted).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });

    it("recorded events carry their time to the second, as CloudTrail writes it", async () => {
      await t.client().send(new ListTrailsCommand({}));
      const [event] = (await t.client().send(new LookupEventsCommand({}))).Events ?? [];
      const recorded = JSON.parse(event.CloudTrailEvent as string) as { eventTime: string };
      expect(recorded.eventTime).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });

    it("TRAIL-5 is checked before the bucket's existence", async () => {
      await t.admin.register({ s3Buckets: [BUCKET] });
      const e = await awsError(() =>
        t.client().send(
          new CreateTrailCommand({
            Name: "order",
            S3BucketName: "not-registered",
            IsMultiRegionTrail: true,
            IncludeGlobalServiceEvents: false,
          }),
        ),
      );
      expect(e.name).to.equal("InvalidParameterCombinationException");
    });

    it("Unknown trail names the trail's ARN, also when asked by name", async () => {
      const e = await awsError(() => t.client().send(new GetTrailCommand({ Name: "x-missing" })));
      expect(e.message).to.equal(
        "Unknown trail: arn:aws:cloudtrail:us-east-1:123456789012:trail/x-missing for the user: 123456789012",
      );
      const d = await awsError(() => t.client("eu-west-1").send(new DeleteTrailCommand({ Name: "gone" })));
      expect(d.message).to.equal(
        "Unknown trail: arn:aws:cloudtrail:eu-west-1:123456789012:trail/gone for the user: 123456789012",
      );
    });
  });
});
