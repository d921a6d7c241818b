import { spawn } from "node:child_process";
import * as path from "node:path";
import { ListQueriesCommand, StartImportCommand } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";
import { createStore, logFile, trailRecord } from "../support/lake";
import { channelWithStore } from "./lake-fixtures";

const CLI = path.join(__dirname, "..", "..", "sdk", "cli.js");

type Run = { code: number | null; stdout: string; stderr: string };

describe("cloudtrail-lake CLI (its real entry point, as a child process)", () => {
  const t = useEmulator();

  /** Runs the CLI against the emulator; `onStderr` sees stderr as it arrives and may signal the process. */
  function cli(
    args: string[],
    options: {
      stdin?: string;
      onStderr?: (text: string, kill: (s: NodeJS.Signals) => void) => void;
      /** Leave out --region (and AWS_REGION): what a user who gave none sees. */
      noRegion?: boolean;
    } = {},
  ): Promise<Run> {
    return new Promise((resolve, reject) => {
      const region = options.noRegion ? [] : ["--region", "us-east-1"];
      const child = spawn(process.execPath, [CLI, ...args, "--endpoint", t.emulator.url, ...region], {
        env: {
          PATH: process.env.PATH,
          // No shared config files either: a region there would hide the missing one.
          AWS_CONFIG_FILE: "/nonexistent",
          AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
          AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        options.onStderr?.(stderr, (s) => child.kill(s));
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(options.stdin ?? "");
    });
  }

  it("put-events sends JSON Lines from stdin, summarises failures and exits 1 when one failed; query prints CSV and JSON", async () => {
    const { channelArn, store } = await channelWithStore(t);
    const lines = [
      JSON.stringify({ eventName: "Login", eventSource: "app" }),
      "[1, 2]",
      JSON.stringify({ eventName: "Logout", eventSource: "app" }),
    ];
    const put = await cli(["put-events", "--channel", channelArn], { stdin: lines.join("\n") + "\n" });
    expect(put.code, put.stderr).to.equal(1);
    expect(put.stderr)
      .to.contain("line 2: InvalidData")
      .and.contain("2 events ingested, 1 failed, 1 requests");
    expect(
      put.stdout
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { line: number }).line),
    ).to.deep.equal([1, 3]);

    const statement = `SELECT eventData.eventName AS name FROM ${store} ORDER BY eventData.eventName`;
    const csv = await cli(["query", statement]);
    expect(csv.code, csv.stderr).to.equal(0);
    expect(csv.stdout).to.equal("name\nLogin\nLogout\n");
    expect(csv.stderr)
      .to.match(/query FINISHED/)
      .and.contain("2 rows");
    const json = await cli(["query", statement, "--format", "json"]);
    expect(
      json.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as unknown),
    ).to.deep.equal([{ name: "Login" }, { name: "Logout" }]);
  });

  it("Ctrl-C cancels a running query and exits 130", async () => {
    const { store } = await channelWithStore(t);
    await t.admin.lake({ queryRunSeconds: 3600 });
    let sent = false;
    const run = await cli(["query", `SELECT count(*) FROM ${store}`], {
      onStderr: (text, kill) => {
        if (!sent && text.includes("query RUNNING")) {
          sent = true;
          kill("SIGINT");
        }
      },
    });
    expect(run.code, run.stderr).to.equal(130);
    expect(run.stderr).to.contain("the query was cancelled");
    const listed = await t.client().send(new ListQueriesCommand({ EventDataStore: store }));
    expect(listed.Queries?.map((q) => q.QueryStatus)).to.deep.equal(["CANCELLED"]);
  });

  it("exits 2 with the argument and rule on invalid usage, before any call", async () => {
    await t.admin.clearLog();
    const unknown = await cli(["frobnicate"]);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.contain("unknown command frobnicate");
    const empty = await cli(["lookup", "--start", "2026-02-01T00:00:00Z", "--end", "2026-01-01T00:00:00Z"]);
    expect(empty.code).to.equal(2);
    expect(empty.stderr).to.contain("startTime").and.contain("LOOK-1");
    const two = await cli(["lookup", "--attribute", "EventName=A", "--attribute", "Username=b"]);
    expect(two.code).to.equal(2);
    expect(two.stderr).to.contain("--attribute is given 2 times").and.contain("LOOK-1");
    const noChannel = await cli(["put-events"]);
    expect([noChannel.code, noChannel.stderr]).to.deep.equal([
      2,
      "cloudtrail-lake: put-events needs --channel ARN\nRun cloudtrail-lake --help for usage.\n",
    ]);
    // No region: the SDK sends nothing, so it is a usage mistake (2) with what to give, not a service failure (1).
    const noRegion = await cli(["lookup"], { noRegion: true });
    expect(noRegion.code).to.equal(2);
    expect(noRegion.stderr).to.contain("Region is missing").and.contain("Give --region (or AWS_REGION)");
    expect(await t.admin.log()).to.deep.equal([]);
  });

  it("lookup prints event history as JSON Lines; import-status reports statistics and failures", async () => {
    const ct = t.client();
    const store = await createStore(ct, "imported");
    const lookup = await cli(["lookup", "--attribute", "EventName=CreateEventDataStore"]);
    expect(lookup.code, lookup.stderr).to.equal(0);
    expect(JSON.parse(lookup.stdout)).to.include({ eventName: "CreateEventDataStore" });

    await t.admin.lake({ importPhaseSeconds: 0 });
    const prefix = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/01/10";
    await t.admin.putObject(
      "logs",
      `${prefix}/a.json.gz`,
      logFile([trailRecord("CreateBucket", "2026-01-10T08:00:00Z")]),
    );
    await t.admin.putObject("logs", `${prefix}/broken.json.gz`, "not gzip");
    const { ImportId } = await ct.send(
      new StartImportCommand({
        Destinations: [store],
        ImportSource: {
          S3: {
            S3LocationUri: "s3://logs/AWSLogs/",
            S3BucketRegion: "us-east-1",
            S3BucketAccessRoleArn: "arn:aws:iam::123456789012:role/import",
          },
        },
      }),
    );
    const status = await cli(["import-status", ImportId!, "--wait"]);
    expect(status.code, status.stderr).to.equal(0);
    expect(JSON.parse(status.stdout)).to.deep.include({
      status: "COMPLETED",
      statistics: {
        PrefixesFound: 1,
        PrefixesCompleted: 1,
        FilesCompleted: 1,
        EventsCompleted: 1,
        FailedEntries: 1,
      },
    });
    expect(status.stderr).to.contain(`s3://logs/${prefix}/broken.json.gz: FileReadError`);
  });
});
