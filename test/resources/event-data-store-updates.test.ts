import {
  GetEventConfigurationCommand,
  GetEventDataStoreCommand,
  GetInsightSelectorsCommand,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { expectNoChanges } from "../harness/expect";
import type { LakeSpec } from "../harness/programs/lake-spec";
import { useEmulator } from "../support/emulator";
import { allowPolicy, category, expectRefreshShowsNoChange, lakeStack, tagsOf } from "./support";

const ROLE = "arn:aws:iam::123456789012:role/lake-federation";
const OTHER_ROLE = "arn:aws:iam::123456789012:role/lake-federation-2";

type StoreArgs = NonNullable<LakeSpec["stores"]>[string];

describe("EventDataStore: every in-place update, one change at a time", function () {
  this.timeout(180_000);
  const t = useEmulator();

  it("updates every updatable setting of a store in place with the calls it needs, and never flaps", async () => {
    await t.admin.register({ organizationAccounts: ["123456789012"] });
    const s = await lakeStack(t);
    const insights = { name: "settings-insights", advancedEventSelectors: category("Insight") };
    const base: StoreArgs = {
      name: "settings",
      billingMode: "FIXED_RETENTION_PRICING",
      retentionPeriod: 365,
      tags: { team: "security", env: "prod" },
    };
    const spec = (store: StoreArgs): LakeSpec => ({ stores: { insights, store } });
    s.set(spec(base));
    const created = await s.stack.up();
    expect(created.ok, created.summary).to.equal(true);
    const arn = (created.outputs.store as { arn: string }).arn;
    await s.calls();

    const changes: [string, StoreArgs, string[]][] = [
      ["multiRegionEnabled off", { multiRegionEnabled: false }, ["UpdateEventDataStore"]],
      ["multiRegionEnabled on", { multiRegionEnabled: true }, ["UpdateEventDataStore"]],
      ["retentionPeriod", { retentionPeriod: 730 }, ["UpdateEventDataStore"]],
      // EDS-12: fixed may become extendable in place, and then keep events longer than 2557 days (EDS-2).
      [
        "billingMode to extendable",
        { billingMode: "EXTENDABLE_RETENTION_PRICING" },
        ["UpdateEventDataStore"],
      ],
      ["retentionPeriod beyond 2557", { retentionPeriod: 3000 }, ["UpdateEventDataStore"]],
      ["organizationEnabled", { organizationEnabled: true }, ["UpdateEventDataStore"]],
      ["kmsKeyId added", { kmsKeyId: "alias/lake-key" }, ["UpdateEventDataStore"]],
      ["terminationProtectionEnabled off", { terminationProtectionEnabled: false }, ["UpdateEventDataStore"]],
      ["terminationProtectionEnabled on", { terminationProtectionEnabled: true }, ["UpdateEventDataStore"]],
      ["name", { name: "settings-2" }, ["UpdateEventDataStore"]],
      [
        "one tag changed, one added",
        { tags: { team: "audit", env: "prod", owner: "platform" } },
        ["AddTags"],
      ],
      ["one tag removed", { tags: { team: "audit", owner: "platform" } }, ["RemoveTags"]],
      ["ingestion off", { ingestionEnabled: false }, ["StopEventDataStoreIngestion"]],
      ["ingestion on", { ingestionEnabled: true }, ["StartEventDataStoreIngestion"]],
      [
        "Insights on",
        { insightSelectors: [{ insightType: "ApiCallRateInsight" }], insightsTo: "insights" },
        ["PutInsightSelectors"],
      ],
      [
        "Insights of both types",
        { insightSelectors: [{ insightType: "ApiErrorRateInsight" }, { insightType: "ApiCallRateInsight" }] },
        ["PutInsightSelectors"],
      ],
      ["federation on", { federationEnabled: true, federationRoleArn: ROLE }, ["EnableFederation"]],
      // EDS-10: an enabled federation takes a new role by being turned off and on again.
      [
        "federation role changed",
        { federationRoleArn: OTHER_ROLE },
        ["DisableFederation", "EnableFederation"],
      ],
      // A role declared beside a disabled federation is only declared: no call, no drift.
      ["federation off, the role kept", { federationEnabled: false }, ["DisableFederation"]],
      ["the role removed while federation is off", { federationRoleArn: undefined }, []],
      ["maxEventSize Large", { maxEventSize: "Large" }, ["PutEventConfiguration"]],
      [
        "contextKeySelectors",
        { contextKeySelectors: [{ type: "RequestContext", equals: ["aws:SourceIp"] }] },
        ["PutEventConfiguration"],
      ],
      [
        "resourcePolicy",
        { resourcePolicy: allowPolicy("111122223333", "cloudtrail:StartQuery") },
        ["PutResourcePolicy"],
      ],
      [
        "Insights off as an empty list, the destination kept",
        { insightSelectors: [] },
        ["PutInsightSelectors"],
      ],
      ["the destination removed while Insights are off", { insightsTo: undefined }, []],
    ];
    let current = base;
    const calls: Record<string, string[]> = {};
    for (const [label, change, expected] of changes) {
      current = { ...current, ...change };
      s.set(spec(current));
      const result = await s.stack.up();
      expect(result.ok, `${label}: ${result.summary}`).to.equal(true);
      expect(
        result.steps.filter((x) => x.op !== "same").map((x) => `${x.op} ${x.name}`),
        label,
      ).to.deep.equal(["update store"]);
      calls[label] = await s.calls();
      expect(calls[label], label).to.deep.equal(expected);
      const again = await s.stack.up();
      expect(() => expectNoChanges(again), label).not.to.throw();
      expect(await s.calls(), `${label}: the second up`).to.deep.equal([]);
      // What is declared but not in effect (a role or destination while off) survives a refresh too.
      if (label.includes("kept")) {
        const refreshed = await s.stack.refresh();
        expect(() => expectRefreshShowsNoChange(refreshed), label).not.to.throw();
        const after = await s.stack.up();
        expect(() => expectNoChanges(after), `${label}: up after refresh`).not.to.throw();
        await s.calls();
      }
    }
    console.log("\n    calls per in-place update of a store:");
    for (const [label, made] of Object.entries(calls)) console.log(`      ${label}: ${made.join(", ")}`);

    // What AWS holds is what was declared last.
    const aws = await s.client.send(new GetEventDataStoreCommand({ EventDataStore: arn }));
    expect(aws).to.include({
      Name: "settings-2",
      MultiRegionEnabled: true,
      OrganizationEnabled: true,
      RetentionPeriod: 3000,
      BillingMode: "EXTENDABLE_RETENTION_PRICING",
      TerminationProtectionEnabled: true,
      Status: "ENABLED",
      FederationStatus: "DISABLED",
    });
    expect(aws.KmsKeyId).to.be.a("string").and.not.equal("");
    expect(await tagsOf(s.client, arn)).to.deep.equal({ team: "audit", owner: "platform" });
    const insightsNow = await s.client
      .send(new GetInsightSelectorsCommand({ EventDataStore: arn }))
      .catch((err: Error) => err.name);
    expect(insightsNow).to.equal("InsightNotEnabledException");
    expect(await s.client.send(new GetEventConfigurationCommand({ EventDataStore: arn }))).to.deep.include({
      MaxEventSize: "Large",
      ContextKeySelectors: [{ Type: "RequestContext", Equals: ["aws:SourceIp"] }],
    });
    expectRefreshShowsNoChange(await s.stack.refresh());
    expectNoChanges(await s.stack.up());
  });
});
