import * as path from "node:path";
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { HarnessStack, type RunResult } from "../harness/stack";
import type { TrailSpec } from "../harness/programs/trail-spec";
import { TEST_CREDENTIALS, type TestEmulator } from "../support/emulator";

export const TRAIL_PROGRAM = path.join(__dirname, "..", "harness", "programs", "trail.js");

export interface TrailStack {
  stack: HarnessStack;
  /** Sets the program's spec for the next run. */
  set(spec: TrailSpec): void;
  /** CloudTrail operations the emulator served since the last call (or since the stack was made). */
  calls(): Promise<string[]>;
  client: CloudTrailClient;
}

/** A harness stack running the trail program against the test emulator (region us-east-1 unless given). */
export async function trailStack(
  t: TestEmulator,
  region = "us-east-1",
  stackName = "dev",
): Promise<TrailStack> {
  const stack = new HarnessStack({
    program: TRAIL_PROGRAM,
    stack: stackName,
    env: {
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    config: {
      "aws:region": region,
      "cloudtrail:endpoint": t.emulator.url,
      // Fewer attempts than the default 8, so that exhausting them in fault tests takes a moment.
      "cloudtrail:maxAttempts": "3",
    },
  });
  await t.admin.clearLog();
  return {
    stack,
    set: (spec) => {
      stack.config["test:spec"] = JSON.stringify(spec);
    },
    calls: async () => {
      const log = await t.admin.log();
      await t.admin.clearLog();
      return log.map((e) => e.operation);
    },
    client: t.client(region),
  };
}

/** A refresh that found every resource as the last up left it: no drift, nothing gone. */
export function expectRefreshShowsNoChange(result: RunResult): void {
  expect(result.ok, result.summary).to.equal(true);
  const changed = result.steps
    .filter((s) => s.op !== "same")
    .map((s) => `${s.op} ${s.name}${s.diffs?.length ? ` [diff: ${s.diffs.join(", ")}]` : ""}`);
  expect(changed, result.summary).to.deep.equal([]);
  expect(result.steps).to.not.deep.equal([]);
}
