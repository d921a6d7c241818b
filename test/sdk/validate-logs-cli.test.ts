import { spawn } from "node:child_process";
import * as path from "node:path";
import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";
import { BUCKET, deliveredTrail, getObject, putObject } from "../support/trail-delivery";

const CLI = path.join(__dirname, "..", "..", "sdk", "cli.js");

type Run = { code: number | null; stdout: string; stderr: string };

describe("cloudtrail-lake validate-logs (the CLI's entry point, as a child process)", () => {
  const t = useEmulator();

  function cli(args: string[]): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [CLI, "validate-logs", ...args, "--endpoint", t.emulator.url, "--region", "us-east-1"],
        {
          env: {
            PATH: process.env.PATH,
            AWS_CONFIG_FILE: "/nonexistent",
            AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
            AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
          },
        },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  }

  const iso = (d: Date) => d.toISOString().replace(/\.\d+Z$/, "Z");

  it("prints the AWS CLI's summary and exits 0 for intact logs; --verbose lists each valid file", async () => {
    const d = await deliveredTrail(t, 2);
    const range = ["--trail-arn", d.trailArn, "--start-time", iso(d.start), "--end-time", iso(d.end)];
    const run = await cli([...range, "--verbose"]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout)
      .to.contain(`Validating log files for trail ${d.trailArn} between ${iso(d.start)} and ${iso(d.end)}`)
      .and.contain(`Digest file\ts3://${BUCKET}/${d.digests.at(-1)}\tvalid`)
      .and.contain(`Log file\ts3://${BUCKET}/${d.logs[0]}\tvalid`)
      .and.contain(`Results requested for ${iso(d.start)} to ${iso(d.end)}`)
      .and.contain(`${d.digests.length}/${d.digests.length} digest files valid`)
      .and.contain(`${d.logs.length}/${d.logs.length} log files valid`);
    expect(run.stderr).to.equal("");
  });

  it("names each changed or deleted file on stderr and exits 1", async () => {
    const d = await deliveredTrail(t, 2);
    const changed = d.logs[0];
    const { json } = await getObject(d.s3, changed);
    await putObject(d.s3, changed, Buffer.concat([json, Buffer.from(" ")]));
    await d.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: d.logs[1] }));
    const run = await cli([
      "--trail-arn",
      d.trailArn,
      "--start-time",
      iso(d.start),
      "--end-time",
      iso(d.end),
    ]);
    expect(run.code, run.stderr).to.equal(1);
    expect(run.stderr)
      .to.contain(`Log file\ts3://${BUCKET}/${changed}\tINVALID: hash value doesn't match`)
      .and.contain(`Log file\ts3://${BUCKET}/${d.logs[1]}\tINVALID: not found`);
    const total = d.logs.length;
    expect(run.stdout).to.contain(
      `${total - 2}/${total} log files valid, 2/${total} log files INVALID (1 changed or unreadable, 1 not found)`,
    );
    expect(run.stdout).not.to.contain("\tvalid");
  });

  it("exits 2 with what to give for usage mistakes and for a range with no digests", async () => {
    const missing = await cli(["--start-time", "2026-01-01T00:00:00Z"]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.contain("--trail-arn: is required");
    const bad = await cli([
      "--trail-arn",
      "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit",
      "--start-time",
      "yesterday",
    ]);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain("--start-time:");

    const d = await deliveredTrail(t, 1);
    const before = new Date(d.start.getTime() - 2 * 86_400_000);
    const none = await cli([
      "--trail-arn",
      d.trailArn,
      "--start-time",
      iso(before),
      "--end-time",
      iso(new Date(before.getTime() + 3_600_000)),
    ]);
    expect(none.code).to.equal(2);
    expect(none.stderr)
      .to.contain("no digest files of trail")
      .and.contain("give a range (startTime, endTime)");
  });
});
