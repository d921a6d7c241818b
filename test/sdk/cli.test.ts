import { ListQueriesCommand, StartImportCommand } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { useEmulator } from "../support/emulator";
import { createStore, logFile, trailRecord } from "../support/lake";
import { eventLine, runCli, type RunOptions } from "./cli-run";
import { channelWithStore } from "./lake-fixtures";

describe("cloudtrail-lake CLI (its real entry point, as a child process)", function () {
  // Each test starts several CLI processes (about a second each alone, several on a loaded machine).
  this.timeout(120_000);
  const t = useEmulator();

  const cli = (args: string[], options: RunOptions = {}) =>
    runCli(t, args, {
      ...options,
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...options.env },
    });

  it("put-events sends JSON Lines from stdin, numbered as in the input; query prints CSV and JSON", async () => {
    const { channelArn, store } = await channelWithStore(t);
    // A blank line counts in the line numbers, as an editor shows them.
    const lines = [eventLine("Login"), "", eventLine("Logout")];
    const put = await cli(["put-events", "--channel", channelArn], { stdin: lines.join("\n") + "\n" });
    expect(put.code, put.stderr).to.equal(0);
    expect(put.stderr).to.contain("2 events ingested, 0 failed, 1 request");
    expect(
      put.stdout
        .trim()
        .split("\n")
        .map(
          (l) => Object.keys(JSON.parse(l) as object).join() + ":" + (JSON.parse(l) as { line: number }).line,
        ),
    ).to.deep.equal(["line,eventID:1", "line,eventID:3"]);

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
    // How long to expect, and counts in the singular where they are one.
    expect(status.stderr)
      .to.contain("An import reads each day of log files under its source in turn")
      .and.contain("Ctrl-C stops following it; the import goes on.")
      .and.contain("1 file, 1 event, 1 failed entry");
  });
});
