import { ListTrailsCommand } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { useEmulator } from "../support/emulator";
import { expectRefreshShowsNoChange, trailStack } from "./support";
import { EXHAUSTED, SPEC, expectConverged, faultMatrix } from "./trail-fault-matrix";

describe("Trail resources under injected faults at create, read and delete (every call they make)", function () {
  this.timeout(120_000);
  const t = useEmulator();

  faultMatrix(t, "create", ["CreateTrail", "StartLogging", "PutEventSelectors", "PutInsightSelectors"]);

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

  it("refresh: a failed GetTrailStatus or ListTags names the call and the trail, as the store reads do", async () => {
    const s = await trailStack(t);
    s.set(SPEC);
    expect((await s.stack.up()).ok).to.equal(true);
    const arn = s.stack.state().resources.find((r) => r.name === "audit")!.id;
    for (const operation of ["GetTrailStatus", "ListTags"]) {
      await t.admin.fault({ operation, kind: "internal", count: EXHAUSTED });
      const failed = await s.stack.refresh();
      expect(failed.ok, failed.summary).to.equal(false);
      expect(failed.failure!.message).to.contain(`${operation} of ${arn}: InternalFailure`);
      await t.admin.clearFaults();
    }
    expectRefreshShowsNoChange(await s.stack.refresh());
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
