import {
  CreateDashboardCommand,
  DeleteDashboardCommand,
  GetDashboardCommand,
  GetResourcePolicyCommand,
  ListDashboardsCommand,
  ListTagsCommand,
  UpdateDashboardCommand,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import type { DashboardArgs, DashboardWidget } from "../../sdk";
import type { LakeSpec } from "../harness/programs/lake-spec";
import { useEmulator } from "../support/emulator";
import { createStore, storeId } from "../support/lake";
import { expectRefreshShowsNoChange, lakeStack } from "./support";

const ARN = "arn:aws:cloudtrail:us-east-1:123456789012:dashboard/";
const table = { "View.Type": "Table" };
/** What lets CloudTrail run the dashboard's scheduled refresh (DASH-5). */
const refreshPolicy = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "cloudtrail:StartDashboardRefresh",
    },
  ],
};

describe("Dashboard (through the harness)", function () {
  this.timeout(300_000);
  const t = useEmulator();

  it("creates, updates in place, shows and undoes drift, replaces, adopts, is protected, and is destroyed", async () => {
    const s = await lakeStack(t);
    const store = storeId(
      await createStore(s.client, "dash-events", { TerminationProtectionEnabled: false }),
    );
    const calls: DashboardWidget = {
      queryStatement: `SELECT eventName, count(*) AS n FROM ${store} WHERE eventTime > '?' GROUP BY eventName`,
      queryParameters: ["$StartTime$"],
      viewProperties: table,
    };
    const ops: DashboardArgs = {
      name: "ops",
      widgets: [calls],
      terminationProtectionEnabled: true,
      tags: { team: "security" },
    };
    const spec = (dashboard: DashboardArgs, more: LakeSpec["dashboards"] = {}): LakeSpec => ({
      dashboards: { ops: dashboard, ...more },
    });
    await s.calls();

    // DASH-3, refused in check: nothing is called.
    s.set(spec({ ...ops, widgets: [{ ...calls, queryParameters: undefined }] }));
    const invalid = await s.stack.up();
    expect(invalid.ok).to.equal(false);
    expect(invalid.failure!.message).to.match(/widgets\[0\]\.queryParameters.*DASH-3/);
    expect(await s.calls()).to.deep.equal([]);

    s.set(spec(ops));
    const created = await s.stack.up();
    expect(created.ok, created.summary).to.equal(true);
    expect(created.outputs.ops).to.deep.include({ arn: `${ARN}ops`, type: "CUSTOM", status: "CREATED" });
    expect(await s.calls()).to.deep.equal(["CreateDashboard", "GetDashboard"]);
    const noop = await s.stack.up();
    expect(noop.steps.map((x) => x.op)).to.deep.equal(["same"]);
    expect(await s.calls()).to.deep.equal([]);

    // Widgets, schedule and protection in one UpdateDashboard; tags and policy by their own calls.
    const updatedArgs: DashboardArgs = {
      ...ops,
      widgets: [calls, { queryStatement: `SELECT count(*) AS n FROM ${store}`, viewProperties: table }],
      refreshSchedule: { frequency: { unit: "HOURS", value: 6 } },
      tags: { team: "audit" },
      resourcePolicy: refreshPolicy,
    };
    s.set(spec(updatedArgs));
    const updated = await s.stack.up();
    expect(updated.ok, updated.summary).to.equal(true);
    expect(updated.steps.find((x) => x.name === "ops")!.op).to.equal("update");
    expect(await s.calls()).to.deep.equal(["UpdateDashboard", "AddTags", "PutResourcePolicy"]);
    const live = await s.client.send(new GetDashboardCommand({ DashboardId: "ops" }));
    expect(live.Widgets).to.have.length(2);
    expect(live.RefreshSchedule).to.deep.include({ Status: "ENABLED", TimeOfDay: "00:00" });
    const policy = await s.client.send(new GetResourcePolicyCommand({ ResourceArn: `${ARN}ops` }));
    expect(JSON.parse(policy.ResourcePolicy!)).to.deep.equal(refreshPolicy);
    // What AWS fills in (the time of day, widget aliases, status) is no drift.
    expectRefreshShowsNoChange(await s.stack.refresh());

    // Drift: widgets changed out of band show on refresh; the next up puts them back.
    await s.client.send(
      new UpdateDashboardCommand({
        DashboardId: "ops",
        Widgets: [{ QueryStatement: `SELECT 1 AS one FROM ${store}`, ViewProperties: table }],
      }),
    );
    const drift = await s.stack.refresh();
    expect(drift.steps.find((x) => x.name === "ops")).to.include({ op: "refresh" });
    expect(drift.steps.find((x) => x.name === "ops")!.diffs).to.include("widgets");
    await s.calls();
    const undone = await s.stack.up();
    expect(undone.steps.find((x) => x.name === "ops")!.op).to.equal("update");
    expect(await s.calls()).to.deep.equal(["UpdateDashboard"]);

    // DASH-1: a protected dashboard is neither renamed (a replacement) nor destroyed, before any call.
    s.set(spec({ ...updatedArgs, name: "ops-2" }));
    const renamed = await s.stack.up();
    expect(renamed.ok).to.equal(false);
    expect(renamed.failure!.message).to.match(/termination protection on \(DASH-1\).*forceDestroy: true/);
    const refused = await s.stack.destroy();
    expect(refused.ok).to.equal(false);
    expect(refused.failure!.message).to.match(/termination protection on \(DASH-1\).*forceDestroy: true/);
    expect(await s.calls()).to.deep.equal([]);

    // Opted in (an up that records forceDestroy, no call), a new name replaces it: the new one is
    // made, then the old one's protection goes off and it goes.
    s.set(spec({ ...updatedArgs, forceDestroy: true }));
    expect((await s.stack.up()).ok).to.equal(true);
    expect(await s.calls()).to.deep.equal([]);
    const renamedArgs = { ...updatedArgs, name: "ops-2", forceDestroy: true };
    s.set(spec(renamedArgs));
    const replaced = await s.stack.up();
    expect(replaced.ok, replaced.summary).to.equal(true);
    expect(replaced.steps.find((x) => x.name === "ops")!.op).to.equal("replace");
    expect(await s.calls()).to.deep.equal([
      "CreateDashboard",
      "PutResourcePolicy",
      "GetDashboard",
      "UpdateDashboard",
      "DeleteDashboard",
    ]);
    const tags = await s.client.send(new ListTagsCommand({ ResourceIdList: [`${ARN}ops-2`] }));
    expect(tags.ResourceTagList![0].TagsList).to.deep.equal([{ Key: "team", Value: "audit" }]);

    // Deleted out of band: refresh drops it, the next up makes it again.
    await s.client.send(
      new UpdateDashboardCommand({ DashboardId: "ops-2", TerminationProtectionEnabled: false }),
    );
    await s.client.send(new DeleteDashboardCommand({ DashboardId: "ops-2" }));
    const gone = await s.stack.refresh();
    expect(gone.steps.find((x) => x.name === "ops")!.op).to.equal("gone");
    const again = await s.stack.up();
    expect(again.ok, again.summary).to.equal(true);
    expect((await s.client.send(new GetDashboardCommand({ DashboardId: "ops-2" }))).Widgets).to.have.length(
      2,
    );

    // Adopt (DASH-1): a dashboard made outside the stack is refused, then taken over keeping its widgets.
    await s.client.send(
      new CreateDashboardCommand({
        Name: "outside",
        Widgets: [{ QueryStatement: `SELECT count(*) AS n FROM ${store}`, ViewProperties: table }],
      }),
    );
    s.set(spec(renamedArgs, { outside: { name: "outside", tags: { owner: "stack" } } }));
    const taken = await s.stack.up();
    expect(taken.ok).to.equal(false);
    expect(taken.failure!.message).to.match(/dashboard "outside" already exists \(DASH-1\); set adopt: true/);
    s.set(spec(renamedArgs, { outside: { name: "outside", tags: { owner: "stack" }, adopt: true } }));
    const adopted = await s.stack.up();
    expect(adopted.ok, adopted.summary).to.equal(true);
    expect(adopted.outputs.outside).to.deep.include({ arn: `${ARN}outside`, adopted: true });
    expect((await s.client.send(new GetDashboardCommand({ DashboardId: "outside" }))).Widgets).to.have.length(
      1,
    );
    expectRefreshShowsNoChange(await s.stack.refresh());

    const destroyed = await s.stack.destroy();
    expect(destroyed.ok, destroyed.summary).to.equal(true);
    expect((await s.client.send(new ListDashboardsCommand({}))).Dashboards).to.deep.equal([]);
  });
});
