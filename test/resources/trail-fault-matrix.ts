// The trail fault matrix: a throttle, a 500 and a connection reset at each call the Trail provider
// makes, shared by trail-create-read-delete-faults.test.ts and trail-update-faults.test.ts.
import {
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  ListTrailsCommand,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { expectNoChanges } from "../harness/expect";
import type { TrailSpec } from "../harness/programs/trail-spec";
import type { TestEmulator } from "../support/emulator";
import { expectFaultOutcome, trailStack, type FaultKind, type TrailStack } from "./support";

export const SPEC: TrailSpec = {
  trail: {
    name: "org-audit",
    s3BucketName: "audit-logs",
    isMultiRegionTrail: true,
    tags: { team: "security" },
  },
  selectors: {
    advancedEventSelectors: [
      {
        fieldSelectors: [
          { field: "eventCategory", equals: ["Management"] },
          { field: "eventSource", notEquals: ["kms.amazonaws.com"] },
        ],
      },
    ],
  },
  insights: { insightTypes: ["ApiCallRateInsight"] },
};
export const CHANGED: TrailSpec = {
  ...SPEC,
  trail: { ...SPEC.trail, s3KeyPrefix: "p", tags: { owner: "platform" }, enableLogging: false },
};

/** The harness stacks use 3 attempts per call: 1 faulty call is retried away, 3 exhaust the retries. */
const ABSORBED = 1;
export const EXHAUSTED = 3;

/** Exactly the declared trail, logging as declared, with its selectors and Insights: no orphan, nothing half-done. */
export async function expectConverged(t: TestEmulator, s: TrailStack, spec: TrailSpec): Promise<void> {
  const client = t.client();
  const trails = (await client.send(new ListTrailsCommand({}))).Trails ?? [];
  expect(trails.map((x) => x.Name)).to.deep.equal(["org-audit"]);
  const state = s.stack.state().resources;
  expect(state.map((r) => r.name).sort()).to.deep.equal(["audit", "audit-insights", "audit-selectors"]);
  expect(state.every((r) => !r.initErrors)).to.equal(true);
  const selectors = await client.send(new GetEventSelectorsCommand({ TrailName: "org-audit" }));
  expect(selectors.AdvancedEventSelectors).to.have.length(1);
  const insights = await client.send(new GetInsightSelectorsCommand({ TrailName: "org-audit" }));
  // AWS reports the default event category (INS-4).
  expect(insights.InsightSelectors).to.deep.equal([
    { InsightType: "ApiCallRateInsight", EventCategories: ["Management"] },
  ]);
  const again = await s.stack.up();
  expectNoChanges(again);
  expect(again.outputs.isLogging).to.equal(spec.trail.enableLogging ?? true);
}

/**
 * For each operation of a lifecycle phase, a throttle (retried away), a 500 and a connection
 * reset (each exhausting the retries): the up succeeds or fails naming the call, and a clean up
 * then converges with no orphan. `target` is what the update phase changes the stack to.
 */
export function faultMatrix(
  t: TestEmulator,
  phase: "create" | "update",
  operations: string[],
  target?: TrailSpec,
): void {
  for (const operation of operations) {
    for (const kind of ["throttle", "internal", "reset"] as FaultKind[]) {
      const count = kind === "throttle" ? ABSORBED : EXHAUSTED;
      it(`${phase}: ${kind} ×${count} at ${operation}`, async () => {
        const s = await trailStack(t);
        s.set(SPEC);
        if (phase === "update") expect((await s.stack.up()).ok).to.equal(true);
        const goal = target ?? SPEC;
        s.set(goal);
        await t.admin.fault({ operation, kind, count });
        expectFaultOutcome(await s.stack.up(), operation, kind);
        await t.admin.clearFaults();
        const clean = await s.stack.up();
        expect(clean.ok, clean.summary).to.equal(true);
        await expectConverged(t, s, goal);
      });
    }
  }
}
