import { GetEventConfigurationCommand, ListTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { expectNoChanges } from "../harness/expect";
import type { TrailSpec } from "../harness/programs/trail-spec";
import { useEmulator } from "../support/emulator";
import {
  expectFaultOutcome,
  expectRefreshShowsNoChange,
  trailStack,
  type FaultKind,
  type TrailStack,
} from "./support";
import { EXHAUSTED } from "./trail-fault-matrix";

const SPEC: TrailSpec = {
  trail: { name: "aggregated", s3BucketName: "audit-logs" },
  selectors: {
    eventSelectors: [{ dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::records/"] }] }],
  },
  aggregation: { aggregationConfigurations: [{ eventCategory: "Data", templates: ["API_ACTIVITY"] }] },
};
const CHANGED: TrailSpec = {
  ...SPEC,
  aggregation: { aggregationConfigurations: [{ eventCategory: "Data", templates: ["RESOURCE_ACCESS"] }] },
};

/** The trail aggregates as declared, nothing is half-done, and another up changes nothing. */
async function expectConverged(s: TrailStack, templates: string[]): Promise<void> {
  const got = await s.client.send(new GetEventConfigurationCommand({ TrailName: "aggregated" }));
  expect(got.AggregationConfigurations).to.deep.equal([{ EventCategory: "Data", Templates: templates }]);
  expect(s.stack.state().resources.every((r) => !r.initErrors)).to.equal(true);
  expectNoChanges(await s.stack.up());
}

describe("TrailEventAggregation under injected faults at every call of create, update, refresh and delete", function () {
  this.timeout(300_000);
  const t = useEmulator();

  const cases: [phase: "create" | "update", kind: FaultKind][] = [
    ["create", "throttle"],
    ["create", "internal"],
    ["create", "reset"],
    ["update", "internal"],
  ];
  for (const [phase, kind] of cases) {
    it(`${phase}: ${kind} at PutEventConfiguration, then a clean up converges`, async () => {
      const s = await trailStack(t);
      s.set(SPEC);
      if (phase === "update") expect((await s.stack.up()).ok).to.equal(true);
      const goal = phase === "update" ? CHANGED : SPEC;
      s.set(goal);
      await t.admin.fault({
        operation: "PutEventConfiguration",
        kind,
        count: kind === "throttle" ? 1 : EXHAUSTED,
      });
      expectFaultOutcome(await s.stack.up(), "PutEventConfiguration", kind);
      await t.admin.clearFaults();
      expect((await s.stack.up()).ok).to.equal(true);
      await expectConverged(s, phase === "update" ? ["RESOURCE_ACCESS"] : ["API_ACTIVITY"]);
    });
  }

  it("refresh: a failed GetEventConfiguration names the call and the trail; the next refresh shows no change", async () => {
    const s = await trailStack(t);
    s.set(SPEC);
    expect((await s.stack.up()).ok).to.equal(true);
    await t.admin.fault({ operation: "GetEventConfiguration", kind: "internal", count: EXHAUSTED });
    const failed = await s.stack.refresh();
    expect(failed.ok).to.equal(false);
    expect(failed.failure!.message).to.contain("event aggregation of trail").and.contain("InternalFailure");
    await t.admin.clearFaults();
    expectRefreshShowsNoChange(await s.stack.refresh());
  });

  it("delete: a reset at PutEventConfiguration keeps the resource in state; destroy then finishes", async () => {
    const s = await trailStack(t);
    s.set(SPEC);
    expect((await s.stack.up()).ok).to.equal(true);
    await t.admin.fault({ operation: "PutEventConfiguration", kind: "reset", count: EXHAUSTED });
    const failed = await s.stack.destroy();
    expect(failed.ok).to.equal(false);
    expect(failed.failure).to.include({ name: "audit-aggregation", operation: "delete" });
    expect(s.stack.state().resources.map((r) => r.name)).to.include("audit-aggregation");
    await t.admin.clearFaults();
    expect((await s.stack.destroy()).ok).to.equal(true);
    expect((await s.client.send(new ListTrailsCommand({}))).Trails ?? []).to.deep.equal([]);
  });
});
