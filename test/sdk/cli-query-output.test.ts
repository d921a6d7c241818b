import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect } from "chai";
import { putAuditEvents } from "../../sdk";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";
import { CLI, eventLine, runCli } from "./cli-run";
import { channelWithStore, emulatorOptions } from "./lake-fixtures";

describe("cloudtrail-lake query: complete, safe output", function () {
  // Each test starts several CLI processes (about a second each alone, several on a loaded machine).
  this.timeout(120_000);
  const t = useEmulator();

  it("pipes 20,000 rows through wc whole (stdout drains before the process exits)", async () => {
    const statement = "SELECT x FROM unnest(range(20000)) t(x)";
    const command = `'${process.execPath}' '${CLI}' query "${statement}" --endpoint ${t.emulator.url} --region us-east-1 | wc -c -l`;
    const { stdout } = await promisify(execFile)("sh", ["-c", command], {
      env: {
        PATH: process.env.PATH,
        AWS_CONFIG_FILE: "/nonexistent",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      },
    });
    const expected = "x\n" + Array.from({ length: 20000 }, (_, i) => `${i}\n`).join("");
    expect(stdout.trim().split(/\s+/).map(Number)).to.deep.equal([20001, Buffer.byteLength(expected)]);
  });

  it("escapes control characters from event data in table and CSV output", async () => {
    const { channelArn, store } = await channelWithStore(t);
    await putAuditEvents(
      channelArn,
      [eventLine("Login\u001b[2J\u001b]0;owned\u0007\u009b31m")],
      emulatorOptions(t),
    );
    const statement = `SELECT eventData.eventName AS name FROM ${store}`;
    const csv = await runCli(t, ["query", statement, "--format", "csv"]);
    expect(csv.stdout).to.equal("name\nLogin\\u001b[2J\\u001b]0;owned\\u0007\\u009b31m\n");
    const table = await runCli(t, ["query", statement, "--format", "table"]);
    expect(table.stdout).to.contain("Login\\u001b[2J\\u001b]0;owned\\u0007\\u009b31m");
    const json = await runCli(t, ["query", statement, "--format", "json"]);
    expect(json.stdout).not.to.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(JSON.parse(json.stdout)).to.deep.equal({ name: "Login\u001b[2J\u001b]0;owned\u0007\u009b31m" });
    for (const run of [csv, table])
      expect(run.stdout).not.to.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it("--format table turns to CSV past 1,000 rows, and says so", async () => {
    const run = await runCli(t, ["query", "SELECT x FROM unnest(range(1500)) t(x)", "--format", "table"]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.contain("more than 1000 rows: printed as CSV instead of a table");
    expect(run.stdout.split("\n").slice(0, 3)).to.deep.equal(["x", "0", "1"]);
    expect(run.stdout.trim().split("\n")).to.have.length(1501);
    const small = await runCli(t, ["query", "SELECT x FROM unnest(range(3)) t(x)", "--format", "table"]);
    expect(small.stdout).to.contain("│ x │").and.contain("│ 2 │");
  });
});
