import { expect } from "chai";
import {
  GetImportCommand,
  ListImportFailuresCommand,
  ListImportsCommand,
  StartImportCommand,
  StopImportCommand,
  UpdateEventDataStoreCommand,
  type CloudTrailClient,
} from "@aws-sdk/client-cloudtrail";
import { awsError, useEmulator } from "../../../test/support/emulator";
import {
  category,
  createStore,
  logFile,
  query,
  storeId,
  trailRecord as record,
} from "../../../test/support/lake";

const BUCKET = "org-trail-logs";
const ROLE = "arn:aws:iam::123456789012:role/lake-import";
const PREFIX = "AWSLogs/123456789012/CloudTrail/us-east-1";

describe("emulator: Lake imports", () => {
  const t = useEmulator();

  async function source(): Promise<void> {
    await t.admin.putObject(
      BUCKET,
      `${PREFIX}/2026/01/10/a.json.gz`,
      logFile([
        record("CreateBucket", "2026-01-10T08:00:00Z"),
        record("PutBucketPolicy", "2026-01-10T09:00:00Z"),
      ]),
    );
    await t.admin.putObject(
      BUCKET,
      `${PREFIX}/2026/01/11/b.json.gz`,
      logFile([record("DeleteBucket", "2026-01-11T08:00:00Z")]),
    );
    await t.admin.putObject(BUCKET, `${PREFIX}/2026/01/11/broken.json.gz`, Buffer.from("not gzip at all"));
    await t.admin.putObject(
      BUCKET,
      `${PREFIX}/2026/03/01/late.json.gz`,
      logFile([record("PutBucketAcl", "2026-03-01T08:00:00Z")]),
    );
  }

  const start = (
    ct: CloudTrailClient,
    store: string,
    extra: Partial<ConstructorParameters<typeof StartImportCommand>[0]> = {},
  ) =>
    ct.send(
      new StartImportCommand({
        Destinations: [store],
        ImportSource: {
          S3: {
            S3LocationUri: `s3://${BUCKET}/AWSLogs/`,
            S3BucketRegion: "us-east-1",
            S3BucketAccessRoleArn: ROLE,
          },
        },
        StartEventTime: new Date("2026-01-01T00:00:00Z"),
        EndEventTime: new Date("2026-01-31T00:00:00Z"),
        ...extra,
      }),
    );

  it("IMP-4, IMP-5, EDS-7, IMP-3: an import runs on the clock, imports the good files in range, lists the bad one", async () => {
    const ct = t.client();
    await source();
    const store = await createStore(ct, "imported", { StartIngestion: false });
    const started = await start(ct, store);
    expect(started.ImportStatus).to.equal("INITIALIZING");
    const id = started.ImportId!;
    const other = await createStore(ct, "other");
    expect((await awsError(() => start(ct, other))).name).to.equal("AccountHasOngoingImportException");
    await t.admin.advanceClock(61);
    expect((await ct.send(new GetImportCommand({ ImportId: id }))).ImportStatus).to.equal("IN_PROGRESS");
    const busy = await awsError(() =>
      ct.send(new UpdateEventDataStoreCommand({ EventDataStore: store, RetentionPeriod: 90 })),
    );
    expect(busy.name).to.equal("EventDataStoreHasOngoingImportException");
    expect(busy.message).to.contain("EDS-7");
    await t.admin.advanceClock(61);
    const done = await ct.send(new GetImportCommand({ ImportId: id }));
    expect(done.ImportStatus).to.equal("COMPLETED");
    expect(done.ImportStatistics).to.deep.equal({
      PrefixesFound: 3,
      PrefixesCompleted: 3,
      FilesCompleted: 3,
      EventsCompleted: 3,
      FailedEntries: 1,
    });
    const failures = (await ct.send(new ListImportFailuresCommand({ ImportId: id }))).Failures!;
    expect(failures.map((f) => [f.Location, f.Status])).to.deep.equal([
      [`s3://${BUCKET}/${PREFIX}/2026/01/11/broken.json.gz`, "FAILED"],
    ]);
    const rows = await query(ct, `SELECT eventName FROM ${storeId(store)} ORDER BY eventTime`);
    expect(rows.map((r) => r.eventName)).to.deep.equal(["CreateBucket", "PutBucketPolicy", "DeleteBucket"]);
    const completed = await ct.send(
      new ListImportsCommand({ Destination: store, ImportStatus: "COMPLETED" }),
    );
    expect(completed.Imports!.map((i) => i.ImportId)).to.deep.equal([id]);
    await ct.send(new UpdateEventDataStoreCommand({ EventDataStore: store, RetentionPeriod: 90 }));
  });

  it("IMP-4: StopImport stops a running import, which imports nothing", async () => {
    const ct = t.client();
    await source();
    const store = await createStore(ct, "stopped-import", { StartIngestion: false });
    const { ImportId } = await start(ct, store);
    const stopped = await ct.send(new StopImportCommand({ ImportId }));
    expect(stopped.ImportStatus).to.equal("STOPPED");
    await t.admin.advanceClock(200);
    expect((await ct.send(new GetImportCommand({ ImportId }))).ImportStatus).to.equal("STOPPED");
    expect(await query(ct, `SELECT count(*) AS n FROM ${storeId(store)}`)).to.deep.equal([{ n: "0" }]);
  });

  it("IMP-1, IMP-2, IMP-6: incomplete requests, a reversed time range and a store of another category are refused", async () => {
    const ct = t.client();
    const store = await createStore(ct, "destination");
    const incomplete = await awsError(() => ct.send(new StartImportCommand({ Destinations: [store] })));
    expect(incomplete.name).to.equal("InvalidParameterException");
    expect(incomplete.message).to.contain("IMP-1");
    const reversed = await awsError(() =>
      start(ct, store, {
        StartEventTime: new Date("2026-02-01T00:00:00Z"),
        EndEventTime: new Date("2026-01-01T00:00:00Z"),
      }),
    );
    expect(reversed.message).to.contain("IMP-2");
    const audit = await createStore(ct, "audit-log", {
      AdvancedEventSelectors: category("ActivityAuditLog"),
    });
    const wrong = await awsError(() => start(ct, audit));
    expect(wrong.name).to.equal("InvalidEventDataStoreCategoryException");
    expect(wrong.message).to.contain("IMP-6");
    expect(
      (
        await awsError(() =>
          ct.send(new GetImportCommand({ ImportId: "00000000-0000-0000-0000-000000000000" })),
        )
      ).name,
    ).to.equal("ImportNotFoundException");
  });
});
