import * as path from "node:path";
import {
  EmulatorAdmin,
  start,
  type EmulatorOptions,
  type LoggedRequest,
  type RunningEmulator,
} from "cloudtrail-emulator";
import { HarnessStack } from "../test/harness/stack";
import { TEST_CREDENTIALS } from "../test/support/emulator";

// What the harness-driven benchmarks share: an emulator, stacks of a bench program against it,
// and the CloudTrail calls of one phase read from the emulator's request log.

export type BenchEmulator = { emulator: RunningEmulator; admin: EmulatorAdmin };

export async function benchEmulator(options: EmulatorOptions = {}): Promise<BenchEmulator> {
  const emulator = await start({ logLimit: 100_000, ...options });
  return { emulator, admin: new EmulatorAdmin(emulator.url) };
}

/** The environment of the harness's processes: credentials the emulator accepts (it does not verify them). */
export const BENCH_ENV = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

/** A harness stack of the compiled bench program `program` (bench/programs/), against the emulator. */
export function benchStack(
  e: BenchEmulator,
  program: string,
  stack: string,
  env: Record<string, string> = {},
): HarnessStack {
  return new HarnessStack({
    program: path.join(__dirname, "programs", `${program}.js`),
    project: "bench",
    stack,
    env: { ...BENCH_ENV, ...env },
    config: { "aws:region": "us-east-1", "cloudtrail:endpoint": e.emulator.url },
  });
}

/** The CloudTrail calls the emulator answered since the last call of this function (the log is cleared). */
export async function takeCalls(e: BenchEmulator): Promise<LoggedRequest[]> {
  const entries = await e.admin.log();
  await e.admin.clearLog();
  return entries;
}

/** Seconds from the first call to the last. */
export function spanSeconds(calls: readonly LoggedRequest[]): number {
  if (calls.length < 2) return 0;
  const times = calls.map((c) => Date.parse(c.time));
  return (Math.max(...times) - Math.min(...times)) / 1000;
}

export function throttled(calls: readonly LoggedRequest[]): number {
  return calls.filter((c) => c.outcome === "ThrottlingException").length;
}

/** Seconds since `t0` (process.hrtime.bigint()). */
export function secondsSince(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
