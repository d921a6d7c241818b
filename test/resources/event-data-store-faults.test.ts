import {
  GetInsightSelectorsCommand,
  ListChannelsCommand,
  ListEventDataStoresCommand,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import type { LakeSpec } from "../harness/programs/lake-spec";
import { useEmulator, type TestEmulator } from "../support/emulator";
import { LAKE_EXAMPLE, lakeStack, type LakeStack } from "./support";

const CHANGED: LakeSpec = {
  ...LAKE_EXAMPLE,
  stores: {
    ...LAKE_EXAMPLE.stores,
    management: { ...LAKE_EXAMPLE.stores!.management, retentionPeriod: 365, tags: { owner: "platform" } },
  },
};

type Kind = "throttle" | "internal" | "reset";
/** The harness stacks use 3 attempts per call: 1 faulty call is retried away, 3 exhaust the retries. */
const ABSORBED = 1;
const EXHAUSTED = 3;

/** Exactly the declared stores, each once, protected, with Insights, and the channel: no orphan, no duplicate. */
async function expectConverged(t: TestEmulator, s: LakeStack, spec: LakeSpec): Promise<void> {
  const client = t.client();
  const stores = (await client.send(new ListEventDataStoresCommand({}))).EventDataStores ?? [];
  expect(stores.map((x) => `${x.Name} ${x.Status} ${x.TerminationProtectionEnabled}`).sort()).to.deep.equal([
    "activity-log ENABLED true",
    "audit-insights ENABLED true",
    "audit-management ENABLED true",
  ]);
  const management = stores.find((x) => x.Name === "audit-management")!;
  expect(management.RetentionPeriod).to.equal(spec.stores!.management.retentionPeriod ?? 2557);
  const insights = await client.send(
    new GetInsightSelectorsCommand({ EventDataStore: management.EventDataStoreArn }),
  );
  expect(insights.InsightSelectors).to.deep.equal([{ InsightType: "ApiCallRateInsight" }]);
  const channels = (await client.send(new ListChannelsCommand({}))).Channels ?? [];
  expect(channels.map((c) => c.Name)).to.deep.equal(["partner-feed"]);
  const state = s.stack.state().resources;
  expect(state.map((r) => r.name).sort()).to.deep.equal(["activity", "feed", "insights", "management"]);
  expect(state.every((r) => !r.initErrors)).to.equal(true);
}

describe("EventDataStore and Channel under injected faults (each call of create and update)", function () {
  this.timeout(120_000);
  const t = useEmulator();

  // Phase, operation, the spec to reach, and how many calls of the operation the step makes at once
  // (the three stores are created concurrently: exhausting each one's retries takes 3 faults apiece).
  const cases: [string, string, LakeSpec | undefined, number][] = [
    ["create", "CreateEventDataStore", undefined, 3],
    ["create", "PutInsightSelectors", undefined, 1],
    ["create", "CreateChannel", undefined, 1],
    ["update", "UpdateEventDataStore", CHANGED, 1],
    ["update", "AddTags", CHANGED, 1],
    ["update", "RemoveTags", CHANGED, 1],
  ];
  for (const [phase, operation, target, calls] of cases) {
    for (const kind of ["throttle", "internal", "reset"] as Kind[]) {
      const count = kind === "throttle" ? ABSORBED : EXHAUSTED * calls;
      it(`${phase}: ${kind} ×${count} at ${operation}`, async () => {
        const s = await lakeStack(t);
        s.set(LAKE_EXAMPLE);
        if (phase === "update") expect((await s.stack.up()).ok).to.equal(true);
        const goal = target ?? LAKE_EXAMPLE;
        s.set(goal);
        await t.admin.fault({ operation, kind, count });
        const result = await s.stack.up();
        if (kind === "throttle") {
          expect(result.ok, result.summary).to.equal(true);
        } else {
          expect(result.ok).to.equal(false);
          expect(result.failure!.message).to.contain(operation);
          expect(result.failure!.message).to.match(
            kind === "internal" ? /InternalFailure/ : /socket|ECONNRESET|hang up/i,
          );
          await t.admin.clearFaults();
          const clean = await s.stack.up();
          expect(clean.ok, clean.summary).to.equal(true);
        }
        await expectConverged(t, s, goal);
      });
    }
  }

  it("forced destroy: a failing DeleteEventDataStore leaves the store protected again; the next destroy finishes", async () => {
    const s = await lakeStack(t);
    const forced: LakeSpec = { stores: { management: { name: "audit-management", forceDestroy: true } } };
    s.set(forced);
    expect((await s.stack.up()).ok).to.equal(true);
    await t.admin.fault({ operation: "DeleteEventDataStore", kind: "internal", count: EXHAUSTED });
    const failed = await s.stack.destroy();
    expect(failed.ok).to.equal(false);
    expect(failed.failure!.message).to.contain("DeleteEventDataStore");
    const client = t.client();
    const [kept] = (await client.send(new ListEventDataStoresCommand({}))).EventDataStores ?? [];
    expect(kept).to.include({
      Name: "audit-management",
      Status: "ENABLED",
      TerminationProtectionEnabled: true,
    });
    await t.admin.clearFaults();
    expect((await s.stack.destroy()).ok).to.equal(true);
    const [gone] = (await client.send(new ListEventDataStoresCommand({}))).EventDataStores ?? [];
    expect(gone.Status).to.equal("PENDING_DELETION");
  });
});
