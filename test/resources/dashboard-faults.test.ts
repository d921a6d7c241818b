import {
  GetDashboardCommand,
  GetResourcePolicyCommand,
  ListDashboardsCommand,
  ListTagsCommand,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { canonicalPolicy } from "../../provider/normalize";
import type { DashboardArgs } from "../../sdk";
import type { LakeSpec } from "../harness/programs/lake-spec";
import { useEmulator } from "../support/emulator";
import {
  allowPolicy,
  expectFaultOutcome,
  expectRefreshShowsNoChange,
  lakeStack,
  type FaultKind,
  type LakeStack,
} from "./support";

/** The harness stacks make 3 attempts per call: 1 throttle is retried away, 3 faults exhaust them. */
const EXHAUSTED = 3;
const POLICY = allowPolicy("111122223333", "cloudtrail:GetDashboard");

/** A protected dashboard with a widget, tags and a policy: every call a create makes. */
const dashboard = (name: string, change: Partial<DashboardArgs> = {}): DashboardArgs => ({
  name,
  widgets: [{ queryStatement: "SELECT 1 AS one", viewProperties: { "View.Type": "Table" } }],
  terminationProtectionEnabled: true,
  forceDestroy: true,
  tags: { team: "security" },
  resourcePolicy: POLICY,
  ...change,
});

/**
 * CloudTrail holds exactly the declared dashboards, once each, with their widgets, protection, tags
 * and policy; the stack's state has each once and none half-created.
 */
async function expectConverged(s: LakeStack, spec: LakeSpec): Promise<void> {
  const declared = Object.values(spec.dashboards ?? {});
  const listed = (await s.client.send(new ListDashboardsCommand({}))).Dashboards ?? [];
  expect(listed.map((d) => d.DashboardArn!.split("/")[1]).sort()).to.deep.equal(
    declared.map((d) => String(d.name)).sort(),
  );
  for (const d of declared) {
    const arn = listed.find((x) => x.DashboardArn!.endsWith(`/${String(d.name)}`))!.DashboardArn!;
    const live = await s.client.send(new GetDashboardCommand({ DashboardId: arn }));
    expect(live.TerminationProtectionEnabled, String(d.name)).to.equal(d.terminationProtectionEnabled);
    expect(live.Widgets?.map((w) => w.QueryStatement)).to.deep.equal(
      (d.widgets as { queryStatement: string }[]).map((w) => w.queryStatement),
    );
    const tags = (await s.client.send(new ListTagsCommand({ ResourceIdList: [arn] }))).ResourceTagList![0];
    expect(Object.fromEntries(tags.TagsList!.map((x) => [x.Key, x.Value]))).to.deep.equal(d.tags);
    const policy = await s.client
      .send(new GetResourcePolicyCommand({ ResourceArn: arn }))
      .catch((e: Error) => (e.name === "ResourcePolicyNotFoundException" ? undefined : Promise.reject(e)));
    expect(policy && canonicalPolicy(policy.ResourcePolicy), String(d.name)).to.equal(
      d.resourcePolicy && canonicalPolicy(d.resourcePolicy),
    );
  }
  const state = s.stack.state().resources.filter((r) => r.type.endsWith("Dashboard"));
  expect(state.map((r) => r.name).sort()).to.deep.equal(Object.keys(spec.dashboards ?? {}).sort());
  expect(state.every((r) => !r.initErrors)).to.equal(true);
}

describe("Dashboard under injected faults: create, update, refresh and delete", function () {
  this.timeout(300_000);
  const t = useEmulator();

  /**
   * A stack that meets faults round by round. A round: `kind` (a 500 or a reset, exhausting the
   * retries) at `operation` fails the run naming the call; then a clean run, with one throttle at
   * the same operation, converges.
   */
  async function faultRounds(): Promise<{
    round: (operation: string, kind: FaultKind, next: LakeSpec, run?: "up" | "refresh") => Promise<void>;
    add: (key: string, d: DashboardArgs) => LakeSpec;
    without: (key: string) => LakeSpec;
    finish: () => Promise<void>;
  }> {
    const s = await lakeStack(t);
    let spec: LakeSpec = { dashboards: {} };
    return {
      round: async (operation, kind, next, run = "up") => {
        spec = next;
        s.set(spec);
        // A refresh reads the dashboards one after another; the first read meets every fault.
        await t.admin.fault({ operation, kind, count: EXHAUSTED });
        expectFaultOutcome(await (run === "up" ? s.stack.up() : s.stack.refresh()), operation, kind);
        await t.admin.clearFaults();
        await t.admin.fault({ operation, kind: "throttle", count: 1 });
        if (run === "refresh") expectRefreshShowsNoChange(await s.stack.refresh());
        else expect((await s.stack.up()).ok).to.equal(true);
        await t.admin.clearFaults();
        await expectConverged(s, spec);
      },
      add: (key, d) => ({ dashboards: { ...spec.dashboards, [key]: d } }),
      without: (key) => ({
        dashboards: Object.fromEntries(Object.entries(spec.dashboards!).filter(([k]) => k !== key)),
      }),
      finish: async () => {
        expect((await s.stack.destroy()).ok).to.equal(true);
        expect((await s.client.send(new ListDashboardsCommand({}))).Dashboards).to.deep.equal([]);
      },
    };
  }

  // Each call meets a 500 in one test and a reset in the other, and a throttle in both.
  for (const [first, second] of [
    ["internal", "reset"],
    ["reset", "internal"],
  ] as [FaultKind, FaultKind][]) {
    it(`${first} or ${second}, alternating, at each call fails the run naming it, a throttle there is retried away, and the next run converges`, async () => {
      const { round, add, without, finish } = await faultRounds();
      // Create: each round a new dashboard; the fault at CreateDashboard, then at the calls after it (partial).
      await round("CreateDashboard", first, add("a", dashboard("fault-a")));
      await round("PutResourcePolicy", second, add("b", dashboard("fault-b")));
      await round("GetDashboard", first, add("c", dashboard("fault-c")));
      // Update: widgets (UpdateDashboard), tags (AddTags, RemoveTags), the policy removed.
      await round("UpdateDashboard", second, add("a", dashboard("fault-a", { widgets: [] })));
      await round("AddTags", first, add("a", dashboard("fault-a", { widgets: [], tags: { team: "audit" } })));
      await round("RemoveTags", second, add("a", dashboard("fault-a", { widgets: [], tags: {} })));
      await round(
        "DeleteResourcePolicy",
        first,
        add("a", dashboard("fault-a", { widgets: [], tags: {}, resourcePolicy: undefined })),
      );
      // Refresh: each read.
      await round(
        "GetDashboard",
        second,
        add("a", dashboard("fault-a", { widgets: [], tags: {}, resourcePolicy: undefined })),
        "refresh",
      );
      await round(
        "ListTags",
        first,
        add("a", dashboard("fault-a", { widgets: [], tags: {}, resourcePolicy: undefined })),
        "refresh",
      );
      await round(
        "GetResourcePolicy",
        second,
        add("a", dashboard("fault-a", { widgets: [], tags: {}, resourcePolicy: undefined })),
        "refresh",
      );
      // Delete: protection off (UpdateDashboard), then DeleteDashboard.
      await round("UpdateDashboard", first, without("b"));
      await round("DeleteDashboard", second, without("c"));
      await finish();
    });
  }
});
