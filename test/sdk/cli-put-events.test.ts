import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { runQuery } from "../../sdk";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";
import { CLI, eventLine, runCli } from "./cli-run";
import { channelWithStore, emulatorOptions } from "./lake-fixtures";

describe("cloudtrail-lake put-events: every line checked before anything is sent", function () {
  // Each test starts several CLI processes (about a second each alone, several on a loaded machine).
  this.timeout(120_000);
  const t = useEmulator();

  async function sent(): Promise<number> {
    return (await t.admin.log()).filter((e) => e.operation === "PutAuditEvents").length;
  }

  it('refuses an event wrapped as {"eventData": ...} by line, and --force sends it as it is', async () => {
    const { channelArn, store } = await channelWithStore(t);
    const wrapped = JSON.stringify({ eventData: JSON.parse(eventLine("Login")) as object });
    const stdin = `${eventLine("Logout")}\n${wrapped}\n`;
    await t.admin.clearLog();
    const run = await runCli(t, ["put-events", "--channel", channelArn], { stdin });
    expect(run.code, run.stderr).to.equal(2);
    expect(run.stderr)
      .to.contain('line 2 is wrapped as {"eventData": ...}; put the event itself on the line')
      .and.contain("1 line cannot be sent as it is; nothing was sent (--force sends them anyway");
    expect(await sent()).to.equal(0);
    const forced = await runCli(t, ["put-events", "--channel", channelArn, "--force"], { stdin });
    expect(forced.code, forced.stderr).to.equal(0);
    expect(forced.stderr).to.contain("line 2 is wrapped").and.contain("sent anyway (--force)");
    const rows = await runQuery(`SELECT count(*) AS n FROM ${store}`, emulatorOptions(t));
    expect(rows.rows).to.deep.equal([{ n: "2" }]);
  });

  it("names each line that lacks a required field (userIdentity, eventTime, ...)", async () => {
    const { channelArn } = await channelWithStore(t);
    const noIdentity = JSON.parse(eventLine("A")) as Record<string, unknown>;
    delete noIdentity.userIdentity;
    const noTime = JSON.parse(eventLine("B")) as Record<string, unknown>;
    delete noTime.eventTime;
    const badTime = eventLine("C", { eventTime: "yesterday" });
    const stdin = [eventLine("ok"), JSON.stringify(noIdentity), JSON.stringify(noTime), badTime].join("\n");
    await t.admin.clearLog();
    const run = await runCli(t, ["put-events", "--channel", channelArn], { stdin });
    expect(run.code).to.equal(2);
    expect(run.stderr.split("\n").slice(0, 3)).to.deep.equal([
      "line 2 lacks userIdentity (required in an event; each a non-empty string)",
      "line 3 lacks eventTime (required in an event; each a non-empty string)",
      'line 4 has eventTime "yesterday", not a time such as 2026-01-31T12:00:00Z',
    ]);
    expect(await sent()).to.equal(0);
  });

  it("refuses invalid UTF-8 and lines that are not JSON objects by line number, even with --force", async () => {
    const { channelArn } = await channelWithStore(t);
    const stdin = Buffer.concat([
      Buffer.from(`${eventLine("ok")}\n`),
      Buffer.from('{"version":"1.0","eventName":"Caf'),
      Buffer.from([0xe9]), // Latin-1 é: not UTF-8
      Buffer.from('"}\n[1, 2]\nnot json\n'),
    ]);
    await t.admin.clearLog();
    const run = await runCli(t, ["put-events", "--channel", channelArn, "--force"], { stdin });
    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain(
      [
        "line 2 is not valid UTF-8",
        "line 3 is an array; an event is a JSON object",
        "line 4 is not JSON",
        "cloudtrail-lake: 3 lines cannot be sent as they are; nothing was sent\n",
      ].join("\n"),
    );
    expect(await sent()).to.equal(0);
  });

  it("on a terminal: a bar and a summary, no line per event; --json or a pipe: one JSON line per event", async () => {
    const { channelArn } = await channelWithStore(t);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "put-events-"));
    const file = path.join(dir, "events.jsonl");
    fs.writeFileSync(file, Array.from({ length: 250 }, (_, i) => eventLine(`E${i}`)).join("\n"));
    const env = {
      PATH: process.env.PATH,
      AWS_CONFIG_FILE: "/nonexistent",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    };
    // util-linux's script(1) gives the CLI a terminal (stdout and stderr are then one stream).
    const onTerminal = async (extra: string[]) => {
      const command = [process.execPath, CLI, "put-events", "--channel", channelArn, file, ...extra]
        .concat(["--endpoint", t.emulator.url, "--region", "us-east-1"])
        .map((a) => `'${a}'`)
        .join(" ");
      const { stdout } = await promisify(execFile)("script", ["-qec", command, "/dev/null"], { env });
      return stdout;
    };
    const terminal = await onTerminal([]);
    expect(terminal).to.contain("put-events [").and.contain("250/250 events, 3 requests");
    expect(terminal).to.contain("250 events ingested, 0 failed, 3 requests");
    expect(terminal).not.to.contain('{"line"');
    const json = await onTerminal(["--json"]);
    expect(json.match(/\{"line":\d+,"eventID":"[^"]+"\}/g)).to.have.length(250);
    const pipe = await runCli(t, ["put-events", "--channel", channelArn, file]);
    expect(pipe.code, pipe.stderr).to.equal(0);
    expect(pipe.stdout.trim().split("\n")).to.have.length(250);
    expect(pipe.stderr).not.to.contain("put-events [");
  });
});
