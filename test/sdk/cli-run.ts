import { spawn } from "node:child_process";
import * as path from "node:path";
import { TEST_CREDENTIALS, type TestEmulator } from "../support/emulator";

/** The CLI's real entry point, as `npx cloudtrail-lake` runs it. */
export const CLI = path.join(__dirname, "..", "..", "sdk", "cli.js");

export type Run = { code: number | null; stdout: string; stderr: string };

export type RunOptions = {
  stdin?: string | Buffer;
  /** Sees stderr as it arrives and may signal the process. */
  onStderr?: (text: string, kill: (s: NodeJS.Signals) => void) => void;
  /** Leave out --region (and AWS_REGION): what a user who gave none sees. */
  noRegion?: boolean;
  /** Leave out --endpoint: the endpoint then comes from `env` as a user's shell gives it. */
  noEndpoint?: boolean;
  /** More environment, as a user's shell would hold it. */
  env?: Record<string, string>;
  /** The working directory (relative file names). */
  cwd?: string;
};

/**
 * Runs the CLI as a child process against the test emulator, with only the environment a user's
 * shell would give it: no shared config files (a region there would hide a missing one), the test
 * credentials, and nothing that silences the AWS SDK.
 */
export function runCli(t: TestEmulator, args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const region = options.noRegion ? [] : ["--region", "us-east-1"];
    const endpoint = options.noEndpoint ? [] : ["--endpoint", t.emulator.url];
    const child = spawn(process.execPath, [CLI, ...args, ...endpoint, ...region], {
      cwd: options.cwd,
      env: {
        PATH: process.env.PATH,
        AWS_CONFIG_FILE: "/nonexistent",
        AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        ...options.env,
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

/** A valid event line: the integration event schema's required fields, and `extra`. */
export function eventLine(eventName: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: "1.0",
    userIdentity: { type: "ApplicationUser", principalId: "alice" },
    eventSource: "app.example.com",
    eventName,
    eventTime: "2026-01-10T08:00:00Z",
    UID: `${eventName}-${Math.random().toString(36).slice(2)}`,
    ...extra,
  });
}
