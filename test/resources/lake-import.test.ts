import * as path from "node:path";
import { GetImportCommand, StopImportCommand } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { runQuery, type LakeImportArgs } from "../../sdk";
import { HarnessStack } from "../harness/stack";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";
import { createStore, logFile, storeId, trailRecord as record } from "../support/lake";

const PROGRAM = path.join(__dirname, "..", "harness", "programs", "lake-import.js");
const BUCKET = "org-trail-logs";
const PREFIX = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/01";

const ENV = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

describe("LakeImport (through the harness)", () => {
  const t = useEmulator();

  /** A store made with the SDK, two good log files and a broken one in the emulator's object store. */
  async function setUp(): Promise<{ store: string; args: LakeImportArgs; stack: HarnessStack }> {
    const store = await createStore(t.client(), "imported-trail-events");
    await t.admin.putObject(
      BUCKET,
      `${PREFIX}/10/a.json.gz`,
      logFile([
        record("CreateBucket", "2026-01-10T08:00:00Z"),
        record("PutBucketPolicy", "2026-01-10T09:00:00Z"),
      ]),
    );
    await t.admin.putObject(
      BUCKET,
      `${PREFIX}/11/b.json.gz`,
      logFile([record("DeleteBucket", "2026-01-11T08:00:00Z")]),
    );
    await t.admin.putObject(BUCKET, `${PREFIX}/11/broken.json.gz`, "not gzip");
    const args = {
      destinations: [store],
      importSource: {
        s3: {
          s3LocationUri: `s3://${BUCKET}/AWSLogs/`,
          s3BucketRegion: "us-east-1",
          s3BucketAccessRoleArn: "arn:aws:iam::123456789012:role/lake-import",
        },
      },
    };
    const stack = new HarnessStack({
      stack: "dev",
      program: PROGRAM,
      env: ENV,
      config: {
        "aws:region": "us-east-1",
        "cloudtrail:endpoint": t.emulator.url,
      },
    });
    stack.setSpec(args);
    return { store, args, stack };
  }

  /** The options a stack was made with, for a second stack of the same program and config. */
  const stackOptions = (stack: HarnessStack): ConstructorParameters<typeof HarnessStack>[0] => ({
    program: PROGRAM,
    env: ENV,
    config: { ...stack.config },
  });

  const outputs = (stack: HarnessStack) =>
    stack.state().resources.find((r) => r.type.endsWith("LakeImport"))!.outputs;

  it("starts, shows progress as the clock advances, completes with statistics and a failed file, and its events are queryable", async () => {
    const { store, stack } = await setUp();
    await t.admin.clearLog();
    const up = await stack.up();
    expect(up.ok, up.summary).to.equal(true);
    expect(outputs(stack)).to.include({ importStatus: "INITIALIZING" });
    const importId = String(outputs(stack).importId);

    await t.admin.advanceClock(60);
    expect((await stack.refresh()).ok).to.equal(true);
    expect(outputs(stack)).to.include({ importStatus: "IN_PROGRESS" });

    await t.admin.advanceClock(60);
    expect((await stack.refresh()).ok).to.equal(true);
    expect(outputs(stack)).to.deep.include({
      importStatus: "COMPLETED",
      statistics: {
        prefixesFound: 2,
        prefixesCompleted: 2,
        filesCompleted: 2,
        eventsCompleted: 3,
        failedEntries: 1,
      },
    });
    expect(outputs(stack).failures).to.have.length(1);
    expect(outputs(stack).failures).to.have.nested.property(
      "[0].location",
      `s3://${BUCKET}/${PREFIX}/11/broken.json.gz`,
    );

    const found = await runQuery(
      `SELECT eventName FROM ${storeId(store)} WHERE eventSource = 's3.amazonaws.com' ORDER BY eventName`,
      {
        endpoint: t.emulator.url,
        region: "us-east-1",
        credentials: TEST_CREDENTIALS,
      },
    );
    expect(found.rows.map((r) => r.eventName)).to.deep.equal([
      "CreateBucket",
      "DeleteBucket",
      "PutBucketPolicy",
    ]);

    expect((await stack.destroy()).ok).to.equal(true);
    const calls = (await t.admin.log()).map((e) => e.operation).filter((op) => /Import/.test(op));
    // Destroy of a finished import only forgets it: no StopImport.
    expect(calls).to.not.include("StopImport");
    expect(calls.filter((op) => op === "StartImport")).to.have.length(1);
    const after = await t.client().send(new GetImportCommand({ ImportId: importId }));
    expect(after.ImportStatus).to.equal("COMPLETED");
  });

  it("retries a STOPPED import in place when retry is raised, refuses a second import naming it (IMP-3), and stops a running import on destroy", async () => {
    const { args, stack } = await setUp();
    expect((await stack.up()).ok).to.equal(true);
    const importId = String(outputs(stack).importId);
    await t.client().send(new StopImportCommand({ ImportId: importId }));
    expect((await stack.refresh()).ok).to.equal(true);
    expect(outputs(stack)).to.include({ importStatus: "STOPPED" });

    stack.setSpec({ ...args, retry: 1 });
    const retried = await stack.up();
    expect(retried.ok, retried.summary).to.equal(true);
    expect(retried.steps.map((s) => s.op)).to.include("update");
    expect(outputs(stack)).to.include({ importId, importStatus: "INITIALIZING" });

    // IMP-3: a second import while this one runs fails, naming it.
    const second = new HarnessStack({ ...stackOptions(stack), stack: "second" });
    second.setSpec({ ...args, retry: 1 });
    const refused = await second.up();
    expect(refused.ok).to.equal(false);
    expect(refused.summary).to.contain(importId).and.contain("IMP-3");

    await t.admin.clearLog();
    expect((await stack.destroy()).ok).to.equal(true);
    expect((await t.admin.log()).map((e) => e.operation)).to.include("StopImport");
    const after = await t.client().send(new GetImportCommand({ ImportId: importId }));
    expect(after.ImportStatus).to.equal("STOPPED");
  });
});
