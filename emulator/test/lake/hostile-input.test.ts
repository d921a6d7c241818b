import { expect } from "chai";
import { gzipSync } from "node:zlib";
import {
  GetImportCommand,
  ListImportFailuresCommand,
  ListImportsCommand,
  StartImportCommand,
  type CloudTrailClient,
} from "@aws-sdk/client-cloudtrail";
import { awsError, useEmulator } from "../../../test/support/emulator";
import { createStore, logFile, query, storeId, trailRecord, auditChannel } from "../../../test/support/lake";
import { putAuditEvents } from "../../../test/support/cloudtrail-data";

const BUCKET = "hostile-logs";
const PREFIX = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/01/10";

/** A JSON object nested `depth` levels deep: {"a":{"a":...{}}}. */
const nested = (depth: number): string => `${'{"a":'.repeat(depth - 1)}{}${"}".repeat(depth - 1)}`;

/** Starts an import of the bucket into `store` and runs it to its end on the emulator's clock. */
export async function runImport(
  ct: CloudTrailClient,
  advance: (s: number) => Promise<unknown>,
  store: string,
): Promise<string> {
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
  await advance(121);
  return ImportId!;
}

describe("emulator: hostile Lake input is refused per event or per record, never stored (issue 23, 5 and 6)", () => {
  const t = useEmulator();

  it("eventData nested 6,000 deep fails that event (InvalidData); the store still answers queries", async () => {
    const ct = t.client();
    const { channelArn, store } = await auditChannel(ct, { TerminationProtectionEnabled: false });
    const answer = await putAuditEvents(t.emulator.url, {
      channelArn,
      auditEvents: [
        { id: "fine", eventData: JSON.stringify({ eventName: "Login", deep: JSON.parse(nested(60)) }) },
        { id: "deep", eventData: nested(6000) },
      ],
    });
    expect(answer.status).to.equal(200);
    expect(answer.body.successful!.map((s) => s.id)).to.deep.equal(["fine"]);
    expect(answer.body.failed!.map((f) => [f.id, f.errorCode])).to.deep.equal([["deep", "InvalidData"]]);
    expect(answer.body.failed![0].errorMessage).to.contain("64 levels");
    expect(await query(ct, `SELECT eventData.eventName AS name FROM ${storeId(store)}`)).to.deep.equal([
      { name: "Login" },
    ]);
  });

  it("eventData over 256 KB (MaxEventSize Standard) fails that event (FieldTooLong); the others pass", async () => {
    const ct = t.client();
    const { channelArn, store } = await auditChannel(ct, { TerminationProtectionEnabled: false });
    const big = JSON.stringify({ eventName: "Big", pad: "x".repeat(300 * 1024) });
    const answer = await putAuditEvents(t.emulator.url, {
      channelArn,
      auditEvents: [
        { id: "big", eventData: big },
        { id: "small", eventData: '{"eventName":"Small"}' },
      ],
    });
    expect(answer.body.failed!.map((f) => [f.id, f.errorCode])).to.deep.equal([["big", "FieldTooLong"]]);
    expect(answer.body.successful!.map((s) => s.id)).to.deep.equal(["small"]);
    expect(await query(ct, `SELECT eventData.eventName AS name FROM ${storeId(store)}`)).to.deep.equal([
      { name: "Small" },
    ]);
  });

  it('an import log file {"Records":[null]} is a failure of that record; the account\'s import calls keep answering', async () => {
    const ct = t.client();
    await t.admin.putObject(BUCKET, `${PREFIX}/nulls.json.gz`, gzipSync('{"Records":[null, 7, []]}'));
    await t.admin.putObject(
      BUCKET,
      `${PREFIX}/mixed.json.gz`,
      logFile([trailRecord("CreateBucket", "2026-01-10T08:00:00Z"), JSON.parse(nested(500)) as object]),
    );
    const store = await createStore(ct, "imported", { StartIngestion: false });
    const id = await runImport(ct, (s) => t.admin.advanceClock(s), store);
    const done = await ct.send(new GetImportCommand({ ImportId: id }));
    expect(done.ImportStatus).to.equal("COMPLETED");
    expect(done.ImportStatistics).to.deep.include({
      FilesCompleted: 2,
      EventsCompleted: 1,
      FailedEntries: 4,
    });
    const failures = (await ct.send(new ListImportFailuresCommand({ ImportId: id }))).Failures!;
    expect(failures.map((f) => f.ErrorMessage)).to.deep.equal([
      "Record 1 nests deeper than 64 levels (IMP-5)",
      "Record 0 is not a JSON object (IMP-5)",
      "Record 1 is not a JSON object (IMP-5)",
      "Record 2 is not a JSON object (IMP-5)",
    ]);
    expect((await ct.send(new ListImportsCommand({}))).Imports).to.have.length(1);
    expect(await query(ct, `SELECT eventName FROM ${storeId(store)}`)).to.deep.equal([
      { eventName: "CreateBucket" },
    ]);
  });

  it("a small object that expands past the caps fails as a file: too many records, too many bytes", async () => {
    const ct = t.client();
    // 10 KB of gzip: 1.2 million empty records; then 40 MB of one repeated byte.
    await t.admin.putObject(
      BUCKET,
      `${PREFIX}/records.json.gz`,
      gzipSync(`{"Records":[${"{},".repeat(1_200_000)}{}]}`, { level: 9 }),
    );
    await t.admin.putObject(
      BUCKET,
      `${PREFIX}/bytes.json.gz`,
      gzipSync(`{"Records":[],"pad":"${"x".repeat(40 * 1024 * 1024)}"}`, { level: 9 }),
    );
    const store = await createStore(ct, "imported", { StartIngestion: false });
    const id = await runImport(ct, (s) => t.admin.advanceClock(s), store);
    const done = await ct.send(new GetImportCommand({ ImportId: id }));
    expect([done.ImportStatus, done.ImportStatistics?.EventsCompleted]).to.deep.equal(["FAILED", 0]);
    const failures = (await ct.send(new ListImportFailuresCommand({ ImportId: id }))).Failures!;
    expect(failures.map((f) => [f.Location!.split("/").at(-1), f.ErrorType])).to.deep.equal([
      ["bytes.json.gz", "FileReadError"],
      ["records.json.gz", "FileReadError"],
    ]);
    expect(failures[0].ErrorMessage).to.contain("decompresses to more than 33554432 bytes");
    expect(failures[1].ErrorMessage).to.contain("1200001 records; at most 50000");
  });

  it("IMP-4: a COMPLETED import is not started again (it would deliver its events twice)", async () => {
    const ct = t.client();
    await t.admin.putObject(
      BUCKET,
      `${PREFIX}/a.json.gz`,
      logFile([trailRecord("CreateBucket", "2026-01-10T08:00:00Z")]),
    );
    const store = await createStore(ct, "imported", { StartIngestion: false });
    const id = await runImport(ct, (s) => t.admin.advanceClock(s), store);
    expect((await ct.send(new GetImportCommand({ ImportId: id }))).ImportStatus).to.equal("COMPLETED");
    const retry = await awsError(() => ct.send(new StartImportCommand({ ImportId: id })));
    expect(retry.name).to.equal("OperationNotPermittedException");
    expect(retry.message).to.contain("only a FAILED or STOPPED import");
    await t.admin.advanceClock(300);
    expect(await query(ct, `SELECT count(*) AS n FROM ${storeId(store)}`)).to.deep.equal([{ n: "1" }]);
  });
});
