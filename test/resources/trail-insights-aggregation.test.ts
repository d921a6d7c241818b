import {
  GetEventConfigurationCommand,
  GetInsightSelectorsCommand,
  PutEventConfigurationCommand,
  PutInsightSelectorsCommand,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { expectNoChanges } from "../harness/expect";
import type { TrailSpec } from "../harness/programs/trail-spec";
import { awsError, useEmulator } from "../support/emulator";
import { expectRefreshShowsNoChange, trailStack } from "./support";

/** A trail logging management events and S3 data events, Insights on both, and aggregation of the data events. */
const SPEC: TrailSpec = {
  trail: { name: "data-audit", s3BucketName: "audit-logs" },
  selectors: {
    eventSelectors: [
      {
        readWriteType: "All",
        includeManagementEvents: true,
        dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::records/"] }],
      },
    ],
  },
  insights: {
    insightTypes: ["ApiErrorRateInsight", "ApiCallRateInsight"],
    eventCategories: { ApiErrorRateInsight: ["Management", "Data"] },
  },
  aggregation: {
    aggregationConfigurations: [{ eventCategory: "Data", templates: ["USER_ACTIONS", "API_ACTIVITY"] }],
  },
};

describe("TrailInsightSelectors' event categories and TrailEventAggregation through the engine harness", function () {
  this.timeout(300_000);
  const t = useEmulator();

  it("create, no-op up, refresh without drift, update in place, drift, destroy", async () => {
    const s = await trailStack(t);
    s.set(SPEC);
    const created = await s.stack.up();
    expect(created.ok, created.summary).to.equal(true);
    expect(await s.calls()).to.include.members(["PutInsightSelectors", "PutEventConfiguration"]);
    // ApiCallRateInsight was declared without categories: AWS reports Management, which is no change (INS-4).
    const insights = await s.client.send(new GetInsightSelectorsCommand({ TrailName: "data-audit" }));
    expect(insights.InsightSelectors).to.deep.equal([
      { InsightType: "ApiCallRateInsight", EventCategories: ["Management"] },
      { InsightType: "ApiErrorRateInsight", EventCategories: ["Data", "Management"] },
    ]);
    expect(created.outputs.eventCategories).to.deep.equal({ ApiErrorRateInsight: ["Data", "Management"] });
    expect(created.outputs.aggregationConfigurations).to.deep.equal([
      { eventCategory: "Data", templates: ["API_ACTIVITY", "USER_ACTIONS"] },
    ]);
    await s.calls();
    expectNoChanges(await s.stack.up());
    expectRefreshShowsNoChange(await s.stack.refresh());
    expect(await s.calls()).to.include.members(["GetInsightSelectors", "GetEventConfiguration"]);

    // Each updates in place with one call.
    const changed: TrailSpec = {
      ...SPEC,
      insights: { insightTypes: ["ApiCallRateInsight"], eventCategories: { ApiCallRateInsight: ["Data"] } },
      aggregation: { aggregationConfigurations: [{ eventCategory: "Data", templates: ["RESOURCE_ACCESS"] }] },
    };
    s.set(changed);
    const updated = await s.stack.up();
    expect(updated.ok, updated.summary).to.equal(true);
    expect(updated.steps.filter((x) => x.op !== "same").map((x) => `${x.op} ${x.name}`)).to.have.members([
      "update audit-insights",
      "update audit-aggregation",
    ]);
    expect(await s.calls()).to.have.members(["PutInsightSelectors", "PutEventConfiguration"]);
    const aggregation = await s.client.send(new GetEventConfigurationCommand({ TrailName: "data-audit" }));
    expect(aggregation.AggregationConfigurations).to.deep.equal([
      { EventCategory: "Data", Templates: ["RESOURCE_ACCESS"] },
    ]);

    // Changed behind the stack's back: refresh shows it, the next up puts the declared values back.
    await s.client.send(
      new PutEventConfigurationCommand({ TrailName: "data-audit", AggregationConfigurations: [] }),
    );
    await s.client.send(
      new PutInsightSelectorsCommand({
        TrailName: "data-audit",
        InsightSelectors: [{ InsightType: "ApiCallRateInsight" }],
      }),
    );
    const refreshed = await s.stack.refresh();
    expect(
      refreshed.steps.filter((x) => x.op === "refresh").map((x) => [x.name, x.diffs]),
    ).to.have.deep.members([
      ["audit-insights", ["eventCategories"]],
      ["audit-aggregation", ["aggregationConfigurations"]],
    ]);
    const restored = await s.stack.up();
    expect(restored.ok, restored.summary).to.equal(true);
    expect(
      (await s.client.send(new GetEventConfigurationCommand({ TrailName: "data-audit" })))
        .AggregationConfigurations,
    ).to.have.length(1);
    expectNoChanges(await s.stack.up());

    // Destroy turns both off before the trail goes (INS-2, AGG-4).
    await s.calls();
    const destroyed = await s.stack.destroy();
    expect(destroyed.ok, destroyed.summary).to.equal(true);
    const calls = await s.calls();
    expect(calls.indexOf("PutEventConfiguration")).to.be.below(calls.indexOf("PutEventSelectors"));
    expect(calls.indexOf("PutInsightSelectors")).to.be.below(calls.indexOf("PutEventSelectors"));
    expect(
      (await awsError(() => s.client.send(new GetEventConfigurationCommand({ TrailName: "data-audit" }))))
        .name,
    ).to.equal("TrailNotFoundException");
  });

  it("AGG-3 and INS-5 on a trail without data events: the up fails naming the resource to add", async () => {
    const s = await trailStack(t);
    s.set({ trail: SPEC.trail, aggregation: SPEC.aggregation });
    const failed = await s.stack.up();
    expect(failed.ok).to.equal(false);
    expect(failed.failure!.message).to.contain("(AGG-3)").and.contain("TrailEventSelectors");
    s.set({ trail: SPEC.trail, insights: SPEC.insights });
    const insights = await s.stack.up();
    expect(insights.ok).to.equal(false);
    expect(insights.failure!.message).to.contain("(INS-5)").and.contain("TrailEventSelectors");
    expect(s.stack.state().resources.map((r) => r.name)).to.deep.equal(["audit"]);
    expect((await s.stack.destroy()).ok).to.equal(true);
  });
});
