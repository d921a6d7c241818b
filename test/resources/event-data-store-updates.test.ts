import {
  CreateChannelCommand,
  DeleteChannelCommand,
  GetChannelCommand,
  GetEventConfigurationCommand,
  GetEventDataStoreCommand,
  GetInsightSelectorsCommand,
  GetResourcePolicyCommand,
  ListChannelsCommand,
  ListTagsCommand,
  PutResourcePolicyCommand,
  UpdateChannelCommand,
  type CloudTrailClient,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { expectNoChanges } from "../harness/expect";
import type { LakeSpec } from "../harness/programs/lake-spec";
import { useEmulator } from "../support/emulator";
import { allowPolicy, category, expectRefreshShowsNoChange, lakeStack } from "./support";

const ROLE = "arn:aws:iam::123456789012:role/lake-federation";
const OTHER_ROLE = "arn:aws:iam::123456789012:role/lake-federation-2";

type StoreArgs = NonNullable<LakeSpec["stores"]>[string];

async function tagsOf(client: CloudTrailClient, arn: string): Promise<Record<string, string>> {
  const got = await client.send(new ListTagsCommand({ ResourceIdList: [arn] }));
  return Object.fromEntries((got.ResourceTagList?.[0].TagsList ?? []).map((t) => [t.Key!, t.Value!]));
}

describe("EventDataStore and Channel: every in-place update, one change at a time", function () {
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

  it("a channel: tags in place, drift undone, deleted out of band then created again, adopted only with adopt and its source", async () => {
    const s = await lakeStack(t);
    const stores = {
      activity: { name: "activity-log", advancedEventSelectors: category("ActivityAuditLog") },
      other: { name: "activity-log-2", advancedEventSelectors: category("ActivityAuditLog") },
    };
    const feed = { name: "partner-feed", source: "Custom", to: ["activity"], tags: { team: "security" } };
    s.set({ stores, channels: { feed } });
    const created = await s.stack.up();
    expect(created.ok, created.summary).to.equal(true);
    const arn = String(created.outputs.feed);
    const activityArn = (created.outputs.activity as { arn: string }).arn;
    const otherArn = (created.outputs.other as { arn: string }).arn;
    await s.calls();

    s.set({ stores, channels: { feed: { ...feed, tags: { team: "audit", env: "prod" } } } });
    const tagged = await s.stack.up();
    expect(tagged.steps.find((x) => x.name === "feed")!.op).to.equal("update");
    expect(await s.calls()).to.have.members(["AddTags"]);
    expect(await tagsOf(s.client, arn)).to.deep.equal({ team: "audit", env: "prod" });
    await s.calls();
    s.set({ stores, channels: { feed: { ...feed, tags: { env: "prod" } } } });
    expect((await s.stack.up()).ok).to.equal(true);
    expect(await s.calls()).to.deep.equal(["RemoveTags"]);
    const declared = { ...feed, tags: { env: "prod" } };

    // Renamed and pointed at the other store out of band: refresh shows both, up puts them back.
    await s.client.send(
      new UpdateChannelCommand({
        Channel: arn,
        Name: "renamed-by-hand",
        Destinations: [{ Type: "EVENT_DATA_STORE", Location: otherArn }],
      }),
    );
    await s.calls();
    const drift = await s.stack.refresh();
    expect(drift.ok, drift.summary).to.equal(true);
    expect(drift.steps.find((x) => x.name === "feed")!.diffs).to.include.members(["name", "destinations"]);
    await s.calls();
    const undone = await s.stack.up();
    expect(undone.steps.find((x) => x.name === "feed")!.op).to.equal("update");
    expect(await s.calls()).to.deep.equal(["UpdateChannel"]);
    const back = await s.client.send(new GetChannelCommand({ Channel: arn }));
    expect(back.Name).to.equal("partner-feed");
    expect(back.Destinations).to.deep.equal([{ Type: "EVENT_DATA_STORE", Location: activityArn }]);
    expectRefreshShowsNoChange(await s.stack.refresh());

    // Deleted out of band: refresh drops it, up creates it again with its tags.
    await s.client.send(new DeleteChannelCommand({ Channel: arn }));
    const gone = await s.stack.refresh();
    expect(gone.steps.find((x) => x.name === "feed")!.op).to.equal("gone");
    await s.calls();
    const recreated = await s.stack.up();
    expect(recreated.steps.find((x) => x.name === "feed")!.op).to.equal("create");
    expect(await s.calls()).to.deep.equal(["CreateChannel"]);
    const newArn = String(recreated.outputs.feed);
    expect(newArn).to.not.equal(arn);
    expect(await tagsOf(s.client, newArn)).to.deep.equal({ env: "prod" });
    expectNoChanges(await s.stack.up());

    // A live channel of the name made elsewhere: refused without adopt, and with adopt when its source differs.
    s.set({ stores });
    expect((await s.stack.up()).ok).to.equal(true);
    const live = await s.client.send(
      new CreateChannelCommand({
        Name: "partner-feed",
        Source: "Custom",
        Destinations: [{ Type: "EVENT_DATA_STORE", Location: otherArn }],
        Tags: [{ Key: "owner", Value: "partner-team" }],
      }),
    );
    const livePolicy = allowPolicy("444455556666", "cloudtrail-data:PutAuditEvents");
    await s.client.send(
      new PutResourcePolicyCommand({
        ResourceArn: live.ChannelArn,
        ResourcePolicy: JSON.stringify(livePolicy),
      }),
    );
    await s.calls();
    s.set({ stores, channels: { feed: declared } });
    const refused = await s.stack.up();
    expect(refused.ok).to.equal(false);
    expect(refused.failure!.message).to.match(
      /channel "partner-feed" already exists \(CH-1\); set adopt: true/,
    );
    s.set({ stores, channels: { feed: { ...declared, source: "ExamplePartnerSource", adopt: true } } });
    const otherSource = await s.stack.up();
    expect(otherSource.ok).to.equal(false);
    expect(otherSource.failure!.message).to.match(
      /exists with source Custom, not ExamplePartnerSource.*CH-1/,
    );
    const untouched = await s.client.send(new GetChannelCommand({ Channel: live.ChannelArn }));
    expect(untouched.Destinations).to.deep.equal([{ Type: "EVENT_DATA_STORE", Location: otherArn }]);
    await s.calls();

    // Adopted declaring no tags and no policy: the channel keeps its own (only what is declared converges).
    const untagged = { name: declared.name, source: declared.source, to: declared.to };
    s.set({ stores, channels: { feed: { ...untagged, adopt: true } } });
    const adopted = await s.stack.up();
    expect(adopted.ok, adopted.summary).to.equal(true);
    expect(String(adopted.outputs.feed)).to.equal(live.ChannelArn);
    expect(await s.calls()).to.deep.equal([
      "CreateChannel",
      "ListChannels",
      "GetChannel",
      "ListTags",
      "GetResourcePolicy",
      "UpdateChannel",
    ]);
    const taken = await s.client.send(new GetChannelCommand({ Channel: live.ChannelArn }));
    expect(taken.Destinations).to.deep.equal([{ Type: "EVENT_DATA_STORE", Location: activityArn }]);
    expect(await tagsOf(s.client, live.ChannelArn!)).to.deep.equal({ owner: "partner-team" });
    const policy = await s.client.send(new GetResourcePolicyCommand({ ResourceArn: live.ChannelArn }));
    expect(JSON.parse(policy.ResourcePolicy!)).to.deep.equal(livePolicy);
    expect((await s.client.send(new ListChannelsCommand({}))).Channels).to.have.length(1);
    expectNoChanges(await s.stack.up());
    expectRefreshShowsNoChange(await s.stack.refresh());
  });
});
