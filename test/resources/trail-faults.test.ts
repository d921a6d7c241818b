import {
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  ListTrailsCommand,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { expectNoChanges } from "../harness/expect";
import type { TrailSpec } from "../harness/programs/trail-spec";
import { useEmulator, type TestEmulator } from "../support/emulator";
import { expectFaultOutcome, trailStack, type FaultKind, type TrailStack } from "./support";

const SPEC: TrailSpec = {
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
const CHANGED: TrailSpec = {
  ...SPEC,
  trail: { ...SPEC.trail, s3KeyPrefix: "p", tags: { owner: "platform" }, enableLogging: false },
};

/** The harness stacks use 3 attempts per call: 1 faulty call is retried away, 3 exhaust the retries. */
const ABSORBED = 1;
const EXHAUSTED = 3;

/** Exactly the declared trail, logging as declared, with its selectors and Insights: no orphan, nothing half-done. */
async function expectConverged(t: TestEmulator, s: TrailStack, spec: TrailSpec): Promise<void> {
  const client = t.client();
  const trails = (await client.send(new ListTrailsCommand({}))).Trails ?? [];
  expect(trails.map((x) => x.Name)).to.deep.equal(["org-audit"]);
  const state = s.stack.state().resources;
  expect(state.map((r) => r.name).sort()).to.deep.equal(["audit", "audit-insights", "audit-selectors"]);
  expect(state.every((r) => !r.initErrors)).to.equal(true);
  const selectors = await client.send(new GetEventSelectorsCommand({ TrailName: "org-audit" }));
  expect(selectors.AdvancedEventSelectors).to.have.length(1);
  const insights = await client.send(new GetInsightSelectorsCommand({ TrailName: "org-audit" }));
  expect(insights.InsightSelectors).to.deep.equal([{ InsightType: "ApiCallRateInsight" }]);
  const again = await s.stack.up();
  expectNoChanges(again);
  expect(again.outputs.isLogging).to.equal(spec.trail.enableLogging ?? true);
}

describe("Trail resources under injected faults (every call of create, update and delete)", function () {
  this.timeout(120_000);
  const t = useEmulator();

  const cases: [string, string, TrailSpec | undefined][] = [
    ["create", "CreateTrail", undefined],
    ["create", "StartLogging", undefined],
    ["create", "PutEventSelectors", undefined],
    ["create", "PutInsightSelectors", undefined],
    ["update", "UpdateTrail", CHANGED],
    ["update", "AddTags", CHANGED],
    ["update", "RemoveTags", CHANGED],
    ["update", "StopLogging", CHANGED],
  ];
  for (const [phase, operation, target] of cases) {
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

  it("StartLogging fails after CreateTrail: the new trail is deleted again, nothing is left behind", async () => {
    const s = await trailStack(t);
    s.set(SPEC);
    await t.admin.fault({ operation: "StartLogging", kind: "internal", count: EXHAUSTED });
    const result = await s.stack.up();
    expect(result.failure!.message).to.match(/the new trail was deleted again, nothing is left behind/);
    const trails = (await t.client().send(new ListTrailsCommand({}))).Trails ?? [];
    expect(trails).to.deep.equal([]);
    expect(s.stack.state().resources.filter((r) => r.name === "audit")).to.deep.equal([]);
  });

  it("StartLogging and the undoing DeleteTrail both fail: a partial trail stays in state and the next up finishes it", async () => {
    const s = await trailStack(t);
    s.set(SPEC);
    await t.admin.fault({ operation: "StartLogging", kind: "internal", count: EXHAUSTED });
    await t.admin.fault({ operation: "DeleteTrail", kind: "internal", count: EXHAUSTED });
    const result = await s.stack.up();
    expect(result.failure!.message).to.match(/deleting the new trail failed too/);
    const kept = s.stack.state().resources.find((r) => r.name === "audit")!;
    expect(kept.id).to.match(/trail\/org-audit$/);
    expect(kept.initErrors).to.have.length(1);
    expect(kept.outputs.isLogging).to.equal(false);

    await t.admin.clearFaults();
    const next = await s.stack.up();
    expect(next.ok, next.summary).to.equal(true);
    expect(next.steps.find((x) => x.name === "audit")!.op).to.equal("update");
    await expectConverged(t, s, SPEC);
  });

  it("a failed delete keeps the resource in state; destroy then finishes", async () => {
    const s = await trailStack(t);
    s.set(SPEC);
    await s.stack.up();
    await t.admin.fault({ operation: "DeleteTrail", kind: "reset", count: EXHAUSTED });
    const failed = await s.stack.destroy();
    expect(failed.ok).to.equal(false);
    expect(failed.failure).to.include({ name: "audit", operation: "delete" });
    expect(s.stack.state().resources.map((r) => r.name)).to.deep.equal(["audit"]);
    await t.admin.clearFaults();
    expect((await s.stack.destroy()).ok).to.equal(true);
    expect((await t.client().send(new ListTrailsCommand({}))).Trails ?? []).to.deep.equal([]);
  });
});
