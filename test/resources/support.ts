import * as path from "node:path";
import { ListTagsCommand, type CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { HarnessStack, type RunResult } from "../harness/stack";
import type { LakeSpec } from "../harness/programs/lake-spec";
import type { TrailSpec } from "../harness/programs/trail-spec";
import { TEST_CREDENTIALS, type TestEmulator } from "../support/emulator";

export const TRAIL_PROGRAM = path.join(__dirname, "..", "harness", "programs", "trail.js");
export const LAKE_PROGRAM = path.join(__dirname, "..", "harness", "programs", "lake.js");

export interface SpecStack<Spec> {
  stack: HarnessStack;
  /** Sets the program's spec for the next run. */
  set(spec: Spec): void;
  /** CloudTrail operations the emulator served since the last call (or since the stack was made). */
  calls(): Promise<string[]>;
  client: CloudTrailClient;
}

export type TrailStack = SpecStack<TrailSpec>;
export type LakeStack = SpecStack<LakeSpec>;

/** A harness stack running the trail program against the test emulator (region us-east-1 unless given). */
/** Advanced selectors of one event category, as a store of that category is declared. */
export const category = (c: string) => [{ fieldSelectors: [{ field: "eventCategory", equals: [c] }] }];

/** The lake-audit example's shape: a management store with Insights to an Insight store, an ActivityAuditLog store fed by a channel. */
export const LAKE_EXAMPLE: LakeSpec = {
  stores: {
    insights: { name: "audit-insights", advancedEventSelectors: category("Insight") },
    management: {
      name: "audit-management",
      insightSelectors: [{ insightType: "ApiCallRateInsight" }],
      insightsTo: "insights",
      tags: { team: "security" },
    },
    activity: { name: "activity-log", advancedEventSelectors: category("ActivityAuditLog") },
  },
  channels: { feed: { name: "partner-feed", source: "Custom", to: ["activity"] } },
};

export function trailStack(t: TestEmulator, region = "us-east-1", stackName = "dev"): Promise<TrailStack> {
  return specStack<TrailSpec>(TRAIL_PROGRAM, t, region, stackName);
}

/** A harness stack running the Lake program (stores and channels) against the test emulator. */
export function lakeStack(t: TestEmulator, region = "us-east-1", stackName = "dev"): Promise<LakeStack> {
  return specStack<LakeSpec>(LAKE_PROGRAM, t, region, stackName);
}

async function specStack<Spec>(
  program: string,
  t: TestEmulator,
  region: string,
  stackName: string,
): Promise<SpecStack<Spec>> {
  const stack = new HarnessStack({
    program,
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
      stack.setSpec(spec);
    },
    calls: async () => {
      const log = await t.admin.log();
      await t.admin.clearLog();
      return log.map((e) => e.operation);
    },
    client: t.client(region),
  };
}

/** A resource policy that lets one other account call one action. */
export const allowPolicy = (account: string, action: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: action }],
});

/** The tags CloudTrail holds for a resource, as a record. */
export async function tagsOf(client: CloudTrailClient, arn: string): Promise<Record<string, string>> {
  const got = await client.send(new ListTagsCommand({ ResourceIdList: [arn] }));
  return Object.fromEntries((got.ResourceTagList?.[0].TagsList ?? []).map((t) => [t.Key!, t.Value!]));
}

/** The faults the fault matrices inject at one operation. */
export type FaultKind = "throttle" | "internal" | "reset";

/**
 * A faulted up's outcome as a user sees it: a throttle is retried away; a 500 or a connection
 * reset exhausts the retries and fails the up with a message naming the call and the cause.
 */
export function expectFaultOutcome(result: RunResult, operation: string, kind: FaultKind): void {
  if (kind === "throttle") {
    expect(result.ok, result.summary).to.equal(true);
    return;
  }
  expect(result.ok, `${operation} ${kind}: ${result.summary}`).to.equal(false);
  expect(result.failure!.message).to.contain(operation);
  expect(result.failure!.message).to.match(
    kind === "internal" ? /InternalFailure/ : /socket|ECONNRESET|hang up/i,
  );
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
