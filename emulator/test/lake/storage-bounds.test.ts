import { expect } from "chai";
import {
  CloudTrailClient,
  GetImportCommand,
  ListImportFailuresCommand,
  StartImportCommand,
} from "@aws-sdk/client-cloudtrail";
import { EmulatorAdmin, start, type RunningEmulator } from "cloudtrail-emulator";
import { TEST_CREDENTIALS } from "../../../test/support/emulator";
import { createStore, logFile, query, storeId, trailRecord, auditChannel } from "../../../test/support/lake";
import { putAuditEvents } from "../../../test/support/cloudtrail-data";

const B_KEY = { accessKeyId: "AKIDACCOUNTB", secretAccessKey: "secret-b" };

/**
 * Stored events are bounded by bytes per account and objects by bytes overall (issue 23,
 * reproduction 4): past the budget a write is refused where the caller sees it, and one account's
 * full stores leave the others' alone. Small budgets here; the defaults are 256 MiB and 512 MiB.
 */
describe("emulator: stored events and objects are bounded by bytes (issue 23, 4)", () => {
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  const client = (credentials = TEST_CREDENTIALS) =>
    new CloudTrailClient({ endpoint: emulator.url, region: "us-east-1", credentials, maxAttempts: 1 });

  beforeEach(async () => {
    emulator = await start({
      rateScale: 0,
      lake: { accountEventBytes: 4000, objectBytes: 2000 },
      credentials: {
        [TEST_CREDENTIALS.accessKeyId]: {
          secretAccessKey: TEST_CREDENTIALS.secretAccessKey,
          account: "111111111111",
        },
        [B_KEY.accessKeyId]: { secretAccessKey: B_KEY.secretAccessKey, account: "222222222222" },
      },
    });
    admin = new EmulatorAdmin(emulator.url);
  });
  afterEach(async () => {
    await emulator.stop();
  });

  const event = (id: string) => ({ id, eventData: JSON.stringify({ eventName: id, pad: "x".repeat(1000) }) });

  it("PutAuditEvents past the account's budget: a Throttling failure of each event that does not fit; other accounts go on", async () => {
    const a = await auditChannel(client());
    const answer = await putAuditEvents(emulator.url, {
      channelArn: a.channelArn,
      auditEvents: ["e1", "e2", "e3", "e4", "e5"].map(event),
    });
    expect(answer.body.successful!.map((s) => s.id)).to.deep.equal(["e1", "e2", "e3"]);
    expect(answer.body.failed!.map((f) => [f.id, f.errorCode])).to.deep.equal([
      ["e4", "Throttling"],
      ["e5", "Throttling"],
    ]);
    expect(answer.body.failed![0].errorMessage).to.contain("111111111111").and.contain("--lake-event-bytes");
    expect(await query(client(), `SELECT count(*) AS n FROM ${storeId(a.store)}`)).to.deep.equal([
      { n: "3" },
    ]);
    const b = await auditChannel(client(B_KEY));
    const other = await putAuditEvents(
      emulator.url,
      { channelArn: b.channelArn, auditEvents: [event("b1")] },
      { credentials: B_KEY },
    );
    expect(other.body.successful!.map((s) => s.id)).to.deep.equal(["b1"]);
  });

  it("an import past the budget imports what fits and reports the rest as a failure entry", async () => {
    const records = Array.from({ length: 20 }, (_, i) =>
      trailRecord(`Call${i}`, `2026-01-10T08:${String(i).padStart(2, "0")}:00Z`),
    );
    const ct = client();
    const store = await createStore(ct, "imported", { StartIngestion: false });
    const { ImportId } = await ct.send(
      new StartImportCommand({
        Destinations: [store],
        ImportSource: {
          S3: {
            S3LocationUri: "s3://logs/AWSLogs/",
            S3BucketRegion: "us-east-1",
            S3BucketAccessRoleArn: "arn:aws:iam::111111111111:role/import",
          },
        },
      }),
    );
    // Put after the import started: the 2,000-byte object budget takes the gzipped file.
    await admin.putObject(
      "logs",
      "AWSLogs/111111111111/CloudTrail/us-east-1/2026/01/10/a.json.gz",
      logFile(records),
    );
    await admin.advanceClock(121);
    const done = await ct.send(new GetImportCommand({ ImportId }));
    const imported = done.ImportStatistics!.EventsCompleted!;
    expect(imported).to.be.within(1, 19);
    expect(done.ImportStatistics!.FailedEntries).to.equal(1);
    const [failure] = (await ct.send(new ListImportFailuresCommand({ ImportId }))).Failures!;
    expect(failure.ErrorType).to.equal("StorageLimitExceeded");
    expect(failure.ErrorMessage).to.contain(`${20 - imported} of the file's events were not imported`);
    expect(await query(ct, `SELECT count(*) AS n FROM ${storeId(store)}`)).to.deep.equal([
      { n: String(imported) },
    ]);
  });

  it("an object that would pass the object store's budget is refused (507); replacing one frees its bytes", async () => {
    const put = (key: string, size: number) =>
      fetch(`${emulator.url}/_emulator/s3/logs/${key}`, {
        method: "PUT",
        headers: { "content-type": "application/octet-stream" },
        body: Buffer.alloc(size, 1),
      });
    expect((await put("one", 900)).status).to.equal(200);
    const refused = await put("two", 900);
    expect(refused.status).to.equal(507);
    expect(((await refused.json()) as { error: string }).error).to.contain("at most 2000 bytes");
    expect((await put("one", 1200)).status).to.equal(200);
    expect(await admin.getObject("logs", "two")).to.equal(undefined);
  });
});
