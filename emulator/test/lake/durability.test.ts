import { expect } from "chai";
import { copyFileSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudTrailClient, GetImportCommand, StartImportCommand } from "@aws-sdk/client-cloudtrail";
import { EmulatorAdmin, start, type RunningEmulator } from "cloudtrail-emulator";
import { TEST_CREDENTIALS } from "../../../test/support/emulator";
import { createStore, logFile, query, storeId, trailRecord, auditChannel } from "../../../test/support/lake";
import { putAuditEvents } from "../../../test/support/cloudtrail-data";

const BUCKET = "durable-logs";

/**
 * With --state, a write is answered only once it is durable, and a restart neither loses nor repeats
 * it (issue 23, reproduction 6). Each emulator here is stopped without any further write, as a
 * process killed with SIGKILL would be: everything is written before the answer or not at all.
 */
describe("emulator: acknowledged writes survive a restart, once (issue 23, 6)", () => {
  let file: string;
  const running: RunningEmulator[] = [];
  const boot = async (): Promise<{ url: string; ct: CloudTrailClient; admin: EmulatorAdmin }> => {
    const emulator = await start({ stateFile: file, rateScale: 0 });
    running.push(emulator);
    const ct = new CloudTrailClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    return { url: emulator.url, ct, admin: new EmulatorAdmin(emulator.url) };
  };

  beforeEach(() => {
    file = join(mkdtempSync(join(tmpdir(), "lake-durable-")), "state.json");
  });
  afterEach(async () => {
    for (const e of running.splice(0)) await e.stop();
  });

  it("PutAuditEvents with a 6,000-deep second event: the first is kept across a restart, the second refused", async () => {
    const first = await boot();
    const { channelArn, store } = await auditChannel(first.ct);
    const deep = `${'{"a":'.repeat(5999)}{}${"}".repeat(5999)}`;
    const answer = await putAuditEvents(first.url, {
      channelArn,
      auditEvents: [
        { id: "kept", eventData: '{"eventName":"Kept"}' },
        { id: "deep", eventData: deep },
      ],
    });
    expect(answer.body.successful!.map((s) => s.id)).to.deep.equal(["kept"]);
    expect(answer.body.failed!.map((f) => f.id)).to.deep.equal(["deep"]);
    await running.pop()!.stop();
    const second = await boot();
    expect(await query(second.ct, `SELECT eventData.eventName AS n FROM ${storeId(store)}`)).to.deep.equal([
      { n: "Kept" },
    ]);
  });

  it("a journal that cannot be written fails the PutAuditEvents call (500), and the store keeps nothing", async () => {
    const first = await boot();
    const { channelArn, store } = await auditChannel(first.ct);
    // The Lake journal's path taken by a directory: every append to it fails.
    mkdirSync(`${file}.lake-events`);
    const answer = await putAuditEvents(first.url, {
      channelArn,
      auditEvents: [{ id: "lost", eventData: '{"eventName":"Lost"}' }],
    });
    expect([answer.status, answer.errorType]).to.deep.equal([500, "InternalFailure"]);
    expect(await query(first.ct, `SELECT count(*) AS n FROM ${storeId(store)}`)).to.deep.equal([{ n: "0" }]);
  });

  async function importOne(ct: CloudTrailClient, admin: EmulatorAdmin): Promise<[string, string]> {
    await admin.putObject(
      BUCKET,
      "AWSLogs/123456789012/CloudTrail/us-east-1/2026/01/10/a.json.gz",
      logFile([
        trailRecord("CreateBucket", "2026-01-10T08:00:00Z"),
        trailRecord("PutBucketPolicy", "2026-01-10T08:01:00Z"),
        trailRecord("DeleteBucket", "2026-01-10T08:02:00Z"),
      ]),
    );
    const store = await createStore(ct, "imported", { StartIngestion: false });
    const { ImportId } = await ct.send(
      new StartImportCommand({
        Destinations: [store],
        ImportSource: {
          S3: {
            S3LocationUri: `s3://${BUCKET}/AWSLogs/`,
            S3BucketRegion: "us-east-1",
            S3BucketAccessRoleArn: "arn:aws:iam::123456789012:role/lake-import",
          },
        },
      }),
    );
    await admin.advanceClock(121);
    return [ImportId!, store];
  }

  it("an import that a GetImport read completed stays COMPLETED after a restart and does not deliver again", async () => {
    const first = await boot();
    const [id, store] = await importOne(first.ct, first.admin);
    expect((await first.ct.send(new GetImportCommand({ ImportId: id }))).ImportStatus).to.equal("COMPLETED");
    await running.pop()!.stop();
    const second = await boot();
    await second.admin.advanceClock(300);
    expect((await second.ct.send(new GetImportCommand({ ImportId: id }))).ImportStatus).to.equal("COMPLETED");
    expect(await query(second.ct, `SELECT count(*) AS n FROM ${storeId(store)}`)).to.deep.equal([{ n: "3" }]);
  });

  it("a crash after the journal but before the state file: the import runs again after the restart and delivers once", async () => {
    const first = await boot();
    const [id, store] = await importOne(first.ct, first.admin);
    copyFileSync(file, `${file}.before`);
    expect((await first.ct.send(new GetImportCommand({ ImportId: id }))).ImportStatus).to.equal("COMPLETED");
    await running.pop()!.stop();
    // The state file as it was before the read: the journal has the import's events, the state not its end.
    copyFileSync(`${file}.before`, file);
    const second = await boot();
    expect((await second.ct.send(new GetImportCommand({ ImportId: id }))).ImportStatus).to.equal(
      "INITIALIZING",
    );
    expect(await query(second.ct, `SELECT count(*) AS n FROM ${storeId(store)}`)).to.deep.equal([{ n: "0" }]);
    await second.admin.advanceClock(121);
    expect((await second.ct.send(new GetImportCommand({ ImportId: id }))).ImportStatus).to.equal("COMPLETED");
    expect(await query(second.ct, `SELECT count(*) AS n FROM ${storeId(store)}`)).to.deep.equal([{ n: "3" }]);
  });
});
