import {
  CreateChannelCommand,
  CreateEventDataStoreCommand,
  DeleteChannelCommand,
  DeleteEventDataStoreCommand,
  DisableFederationCommand,
  GetChannelCommand,
  GetEventConfigurationCommand,
  GetEventDataStoreCommand,
  GetInsightSelectorsCommand,
  GetResourcePolicyCommand,
  ListEventDataStoresCommand,
  PutResourcePolicyCommand,
  UpdateEventDataStoreCommand,
  type CloudTrailClient,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { expectNoChanges } from "../harness/expect";
import type { LakeSpec } from "../harness/programs/lake-spec";
import { putAuditEvents } from "../support/cloudtrail-data";
import { useEmulator } from "../support/emulator";
import { query, storeId } from "../support/lake";
import { LAKE_EXAMPLE, category, expectRefreshShowsNoChange, lakeStack, type LakeStack } from "./support";

const ROLE = "arn:aws:iam::123456789012:role/lake-federation";

const READ_ONLY_MANAGEMENT = {
  name: "Read-only management events",
  fieldSelectors: [
    { field: "eventCategory", equals: ["Management"] },
    { field: "readOnly", equals: ["true"] },
  ],
};
const IAM_WRITES = {
  name: "Writes but KMS and RDS Data",
  fieldSelectors: [
    { field: "eventCategory", equals: ["Management"] },
    { field: "readOnly", equals: ["false"] },
    { field: "eventSource", notEquals: ["rdsdata.amazonaws.com", "kms.amazonaws.com"] },
  ],
};

/** A condition with its value lists in the opposite order. */
function reversedValues(condition: object) {
  return Object.fromEntries(
    Object.entries(condition).map(([k, v]) => [k, Array.isArray(v) ? [...(v as unknown[])].reverse() : v]),
  );
}

function withStore(spec: LakeSpec, name: string, change: object): LakeSpec {
  return { ...spec, stores: { ...spec.stores, [name]: { ...spec.stores![name], ...change } } };
}

async function store(client: CloudTrailClient, ref: string) {
  return client.send(new GetEventDataStoreCommand({ EventDataStore: ref }));
}

async function storesByName(client: CloudTrailClient): Promise<Record<string, string | undefined>> {
  const listed = (await client.send(new ListEventDataStoresCommand({}))).EventDataStores ?? [];
  return Object.fromEntries(listed.map((s) => [s.Name!, s.Status]));
}

/** Another account may query the store. */
const QUERY_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "query",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:root" },
      Action: ["cloudtrail:StartQuery", "cloudtrail:GetQueryResults"],
    },
  ],
};

/** A partner may send events to the channel, with its external id (AUD-4). */
const partnerPolicy = (externalId: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "partner",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::444455556666:root" },
      Action: "cloudtrail-data:PutAuditEvents",
      Condition: { StringEquals: { "cloudtrail:ExternalId": externalId } },
    },
  ],
});

/** The same document with every object's keys in reverse order, as JSON text with other spacing. */
function respelled(doc: object): string {
  const reverse = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(reverse)
      : typeof v === "object" && v !== null
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reverse(x)]),
          )
        : v;
  return JSON.stringify(reverse(doc), null, 4);
}

async function policyOf(client: CloudTrailClient, arn: string): Promise<unknown> {
  try {
    const got = await client.send(new GetResourcePolicyCommand({ ResourceArn: arn }));
    return JSON.parse(got.ResourcePolicy!);
  } catch (err) {
    return (err as Error).name;
  }
}

/** API calls per lifecycle step, printed at the end for the record (figures in the issue note). */
const callCounts: Record<string, string[]> = {};

/** The calls since the last look, recorded under `step` and returned. */
async function record(s: LakeStack, step: string): Promise<string[]> {
  callCounts[step] = await s.calls();
  return callCounts[step];
}

describe("EventDataStore and Channel through the engine harness", function () {
  this.timeout(120_000);
  const t = useEmulator();

  after(() => {
    console.log("\n  Lake API calls per lifecycle step (emulator request log):");
    for (const [step, calls] of Object.entries(callCounts))
      console.log(`    ${step}: ${calls.length}${calls.length ? ` (${calls.join(", ")})` : ""}`);
  });

  it("lifecycle: create, no-op up, refresh, in-place updates, replace, protected destroy refused, forced destroy", async () => {
    const s = await lakeStack(t);
    s.set(LAKE_EXAMPLE);
    const created = await s.stack.up();
    expect(created.ok, created.summary).to.equal(true);
    callCounts["create (3 stores, Insights, channel)"] = await s.calls();
    // Each store is read back once for its partition keys (EDS-16), which only GetEventDataStore reports.
    expect(callCounts["create (3 stores, Insights, channel)"]).to.have.members([
      "CreateEventDataStore",
      "CreateEventDataStore",
      "CreateEventDataStore",
      "GetEventDataStore",
      "GetEventDataStore",
      "GetEventDataStore",
      "PutInsightSelectors",
      "CreateChannel",
    ]);
    const arn = (created.outputs.management as { arn: string }).arn;
    expect((created.outputs.management as { partitionKeys: unknown }).partitionKeys).to.deep.equal([
      { name: "eventCategory", type: "string" },
      { name: "eventTime", type: "timestamp" },
    ]);
    const aws = await store(s.client, arn);
    expect(aws).to.include({
      Name: "audit-management",
      TerminationProtectionEnabled: true,
      MultiRegionEnabled: true,
    });
    const insights = await s.client.send(new GetInsightSelectorsCommand({ EventDataStore: arn }));
    expect(insights.InsightSelectors).to.deep.equal([{ InsightType: "ApiCallRateInsight" }]);
    const channel = await s.client.send(new GetChannelCommand({ Channel: String(created.outputs.feed) }));
    expect(channel.Destinations?.map((d) => d.Location)).to.deep.equal([
      (created.outputs.activity as { arn: string }).arn,
    ]);
    const sizes = s.stack
      .state()
      .resources.map(
        (r) => [r.type.split(":").pop()!, Buffer.byteLength(String(r.inputs.__provider))] as const,
      );
    console.log(`    __provider bytes: ${JSON.stringify(Object.fromEntries(sizes))}`);
    for (const [, size] of sizes) expect(size).to.be.below(4096);
    await s.calls();

    expectNoChanges(await s.stack.up());
    callCounts["second up, nothing changed"] = await s.calls();
    expect(callCounts["second up, nothing changed"]).to.deep.equal([]);
    expectRefreshShowsNoChange(await s.stack.refresh());
    callCounts["refresh"] = await s.calls();

    // Settings, name and tags in place: one UpdateEventDataStore, then the tags that differ.
    const renamed = withStore(LAKE_EXAMPLE, "management", {
      name: "audit-management-2",
      retentionPeriod: 365,
      advancedEventSelectors: [READ_ONLY_MANAGEMENT, IAM_WRITES],
      tags: { owner: "platform" },
    });
    s.set(renamed);
    const updated = await s.stack.up();
    expect(updated.ok, updated.summary).to.equal(true);
    expect(updated.steps.find((x) => x.name === "management")!.op).to.equal("update");
    callCounts["update name, retention, selectors, tags"] = await s.calls();
    expect(callCounts["update name, retention, selectors, tags"]).to.deep.equal([
      "UpdateEventDataStore",
      "AddTags",
      "RemoveTags",
    ]);
    expect(await store(s.client, arn)).to.include({ Name: "audit-management-2", RetentionPeriod: 365 });
    await s.calls();

    // The same selectors in another order, values and conditions reordered: no change.
    const reordered = withStore(renamed, "management", {
      advancedEventSelectors: [
        {
          ...IAM_WRITES,
          fieldSelectors: [...IAM_WRITES.fieldSelectors].reverse().map(reversedValues),
        },
        READ_ONLY_MANAGEMENT,
      ],
    });
    s.set(reordered);
    expectNoChanges(await s.stack.up());
    expect(await s.calls()).to.deep.equal([]);

    // Ingestion off, federation on, Insights off; the channel renamed and given a second store.
    const second = { name: "activity-log-2", advancedEventSelectors: category("ActivityAuditLog") };
    const many: LakeSpec = {
      stores: {
        ...withStore(reordered, "management", {
          ingestionEnabled: false,
          federationEnabled: true,
          federationRoleArn: ROLE,
          insightSelectors: undefined,
          insightsTo: undefined,
        }).stores,
        activity2: second,
      },
      channels: { feed: { name: "partner-feed-2", source: "Custom", to: ["activity", "activity2"] } },
    };
    s.set(many);
    const changed = await s.stack.up();
    expect(changed.ok, changed.summary).to.equal(true);
    callCounts["update ingestion, federation, Insights off; channel name and destinations"] = await s.calls();
    expect(
      callCounts["update ingestion, federation, Insights off; channel name and destinations"],
    ).to.have.members([
      "StopEventDataStoreIngestion",
      "PutInsightSelectors",
      "EnableFederation",
      "CreateEventDataStore",
      "GetEventDataStore",
      "UpdateChannel",
    ]);
    const after = await store(s.client, arn);
    expect(after).to.include({
      Status: "STOPPED_INGESTION",
      FederationStatus: "ENABLED",
      FederationRoleArn: ROLE,
    });
    expect(
      (await s.client.send(new GetChannelCommand({ Channel: String(created.outputs.feed) }))).Name,
    ).to.equal("partner-feed-2");
    await s.calls();
    expectRefreshShowsNoChange(await s.stack.refresh());
    await s.calls();

    // A channel's source never changes (CH-1): a new one replaces it, keeping its name.
    s.set({ ...many, channels: { feed: { ...many.channels!.feed, source: "ExamplePartnerSource" } } });
    const replaced = await s.stack.up();
    expect(replaced.ok, replaced.summary).to.equal(true);
    expect(replaced.steps.find((x) => x.name === "feed")!.op).to.equal("replace");
    callCounts["channel source changed (replace)"] = await s.calls();
    expect(callCounts["channel source changed (replace)"]).to.deep.equal(["DeleteChannel", "CreateChannel"]);

    // Destroy: the protected stores are refused before any call about them.
    const refused = await s.stack.destroy();
    expect(refused.ok).to.equal(false);
    expect(refused.failure!.message).to.match(/termination protection on \(EDS-3\).*forceDestroy: true/);
    const storeCalls = (await s.calls()).filter((c) => c !== "DeleteChannel");
    expect(storeCalls).to.deep.equal([]);
    expect(await storesByName(s.client)).to.deep.equal({
      "audit-insights": "ENABLED",
      "audit-management-2": "STOPPED_INGESTION",
      "activity-log": "ENABLED",
      "activity-log-2": "ENABLED",
    });
    expect((await store(s.client, arn)).TerminationProtectionEnabled).to.equal(true);
    await s.calls();

    // Opted in: an up records forceDestroy (no call), then destroy turns protection and federation off and deletes.
    const forced: LakeSpec = {
      stores: Object.fromEntries(
        Object.entries(many.stores!).map(([k, v]) => [k, { ...v, forceDestroy: true }]),
      ),
    };
    s.set(forced);
    expect((await s.stack.up()).ok).to.equal(true);
    callCounts["forceDestroy set"] = await s.calls();
    expect(callCounts["forceDestroy set"]).to.deep.equal([]);
    const destroyed = await s.stack.destroy();
    expect(destroyed.ok, destroyed.summary).to.equal(true);
    callCounts["destroy (forceDestroy, one store federated)"] = await s.calls();
    // EDS-4: each deletion says until when the store can be restored, as the engine shows plugin output.
    const restorable = destroyed.pluginOutput!.match(/is deleted and restorable until about \S+ \(EDS-4\)/g);
    expect(restorable).to.have.length(4);
    expect(Object.values(await storesByName(s.client))).to.deep.equal(Array(4).fill("PENDING_DELETION"));
  });

  it("refresh shows drift and up undoes it; a store deleted out of band is restored with its ARN and its events", async () => {
    const s = await lakeStack(t);
    const spec: LakeSpec = {
      stores: {
        activity: {
          name: "activity-log",
          advancedEventSelectors: category("ActivityAuditLog"),
          tags: { team: "security" },
        },
      },
    };
    s.set(spec);
    const created = await s.stack.up();
    const arn = (created.outputs.activity as { arn: string }).arn;
    const createdAt = (await store(s.client, arn)).CreatedTimestamp;

    await s.client.send(new UpdateEventDataStoreCommand({ EventDataStore: arn, RetentionPeriod: 90 }));
    await s.calls();
    const drift = await s.stack.refresh();
    expect(drift.steps.find((x) => x.name === "activity")).to.include({ op: "refresh" });
    expect(drift.steps.find((x) => x.name === "activity")!.diffs).to.include("retentionPeriod");
    const undone = await s.stack.up();
    expect(undone.steps.find((x) => x.name === "activity")!.op).to.equal("update");
    expect((await store(s.client, arn)).RetentionPeriod).to.equal(2557);

    // Events reach the store through a channel outside the stack, which goes before the store may.
    const outside = await s.client.send(
      new CreateChannelCommand({
        Name: "outside",
        Source: "Custom",
        Destinations: [{ Type: "EVENT_DATA_STORE", Location: arn }],
      }),
    );
    const auditEvents = ["Login", "Logout"].map((eventName, i) => ({
      id: `event-${i}`,
      eventData: JSON.stringify({
        version: "1.0",
        UID: `user-${i}`,
        eventName,
        eventTime: "2026-11-20T10:00:00Z",
        recipientAccountId: "123456789012",
      }),
    }));
    const sent = await putAuditEvents(t.emulator.url, { channelArn: outside.ChannelArn!, auditEvents });
    expect(sent.body.successful).to.have.length(2);
    await s.client.send(new DeleteChannelCommand({ Channel: outside.ChannelArn }));
    await s.calls();

    await s.client.send(
      new UpdateEventDataStoreCommand({ EventDataStore: arn, TerminationProtectionEnabled: false }),
    );
    await s.client.send(new DeleteEventDataStoreCommand({ EventDataStore: arn }));
    await s.calls();
    const gone = await s.stack.refresh();
    expect(gone.steps.find((x) => x.name === "activity")!.op).to.equal("gone");
    await s.calls();
    const restored = await s.stack.up();
    expect(restored.ok, restored.summary).to.equal(true);
    expect(restored.outputs.activity).to.deep.include({ arn, restored: true });
    callCounts["create restoring a store pending deletion"] = await s.calls();
    const back = await store(s.client, arn);
    expect(back).to.include({ Status: "ENABLED", TerminationProtectionEnabled: true });
    expect(back.CreatedTimestamp).to.deep.equal(createdAt);
    // The events sent before the delete are still there (EDS-5: a restore keeps the data).
    const rows = await query(
      s.client,
      `SELECT eventData.eventName AS name FROM ${storeId(arn)} ORDER BY eventData.eventName`,
    );
    expect(rows).to.deep.equal([{ name: "Login" }, { name: "Logout" }]);
    expectNoChanges(await s.stack.up());
  });

  it("resource policies and event configuration: check, create, compared as JSON, drift, update and removal in place", async () => {
    const s = await lakeStack(t);
    s.set({ stores: { management: { name: "audit-management", resourcePolicy: "{not json" } } });
    const invalid = await s.stack.up();
    expect(invalid.ok).to.equal(false);
    expect(invalid.failure!.message).to.match(/resourcePolicy.*is not valid JSON/);
    expect(await s.calls()).to.deep.equal([]);

    const spec: LakeSpec = {
      stores: {
        management: {
          name: "audit-management",
          resourcePolicy: QUERY_POLICY,
          maxEventSize: "Large",
          contextKeySelectors: [{ type: "TagContext", equals: ["team", "owner"] }],
        },
        activity: { name: "activity-log", advancedEventSelectors: category("ActivityAuditLog") },
      },
      channels: {
        feed: {
          name: "partner-feed",
          source: "Custom",
          to: ["activity"],
          resourcePolicy: JSON.stringify(partnerPolicy("ext-1")),
        },
      },
    };
    s.set(spec);
    const created = await s.stack.up();
    expect(created.ok, created.summary).to.equal(true);
    expect(
      await record(s, "create (2 stores, store policy and event configuration, channel with policy)"),
    ).to.have.members([
      "CreateEventDataStore",
      "CreateEventDataStore",
      "GetEventDataStore",
      "GetEventDataStore",
      "PutResourcePolicy",
      "PutEventConfiguration",
      "CreateChannel",
      "PutResourcePolicy",
    ]);
    const arn = (created.outputs.management as { arn: string }).arn;
    const channelArn = String(created.outputs.feed);
    expect(await policyOf(s.client, arn)).to.deep.equal(QUERY_POLICY);
    expect(await policyOf(s.client, channelArn)).to.deep.equal(partnerPolicy("ext-1"));
    const configuration = await s.client.send(new GetEventConfigurationCommand({ EventDataStore: arn }));
    expect(configuration).to.deep.include({
      MaxEventSize: "Large",
      ContextKeySelectors: [{ Type: "TagContext", Equals: ["owner", "team"] }],
    });
    // The channel's policy is in force: the partner's events need its external id (AUD-4).
    const event = { id: "e1", eventData: JSON.stringify({ version: "1.0", eventName: "Login" }) };
    const unsigned = await putAuditEvents(t.emulator.url, { channelArn, auditEvents: [event] });
    expect(unsigned.status).to.equal(400);
    const signed = await putAuditEvents(t.emulator.url, {
      channelArn,
      externalId: "ext-1",
      auditEvents: [event],
    });
    expect(signed.body.successful).to.have.length(1);
    await s.calls();

    // The same policies spelled otherwise (text for object, object for text, keys reordered) and the
    // context keys reordered: no change, no call.
    s.set({
      stores: {
        ...spec.stores,
        management: {
          ...spec.stores!.management,
          resourcePolicy: respelled(QUERY_POLICY),
          contextKeySelectors: [{ type: "TagContext", equals: ["owner", "team"] }],
        },
      },
      channels: { feed: { ...spec.channels!.feed, resourcePolicy: partnerPolicy("ext-1") } },
    });
    expectNoChanges(await s.stack.up());
    expect(await s.calls()).to.deep.equal([]);

    // A policy changed out of band is drift: refresh shows it, up puts the declared one back.
    await s.client.send(
      new PutResourcePolicyCommand({ ResourceArn: arn, ResourcePolicy: JSON.stringify(partnerPolicy("x")) }),
    );
    await s.calls();
    const drift = await s.stack.refresh();
    expect(drift.ok, drift.summary).to.equal(true);
    await record(s, "refresh (2 stores, one with policy and event configuration, channel with policy)");
    // The channel's ingestion status changed too (the events above): an output, not drift of a policy.
    expect(drift.steps.filter((x) => x.diffs?.includes("resourcePolicy")).map((x) => x.name)).to.deep.equal([
      "management",
    ]);
    expect((await s.stack.up()).ok).to.equal(true);
    expect(await s.calls()).to.deep.equal(["PutResourcePolicy"]);
    expect(await policyOf(s.client, arn)).to.deep.equal(QUERY_POLICY);
    await s.calls();

    // The store's policy and event configuration removed (AWS's defaults again), the channel's policy changed.
    s.set({
      stores: { ...spec.stores, management: { name: "audit-management" } },
      channels: { feed: { ...spec.channels!.feed, resourcePolicy: partnerPolicy("ext-2") } },
    });
    const removed = await s.stack.up();
    expect(removed.ok, removed.summary).to.equal(true);
    expect(
      await record(s, "update: store policy and event configuration removed, channel policy changed"),
    ).to.have.members(["DeleteResourcePolicy", "PutEventConfiguration", "PutResourcePolicy"]);
    expect(await policyOf(s.client, arn)).to.equal("ResourcePolicyNotFoundException");
    expect(await policyOf(s.client, channelArn)).to.deep.equal(partnerPolicy("ext-2"));
    expect(await s.client.send(new GetEventConfigurationCommand({ EventDataStore: arn }))).to.deep.include({
      MaxEventSize: "Standard",
      ContextKeySelectors: [],
    });
    expectRefreshShowsNoChange(await s.stack.refresh());
  });

  it("adopt: a live store of the name is refused without it and taken over with it", async () => {
    const s = await lakeStack(t);
    const existing = await s.client.send(
      new CreateEventDataStoreCommand({ Name: "audit-management", RetentionPeriod: 30 }),
    );
    s.set({ stores: { management: { name: "audit-management", retentionPeriod: 90 } } });
    const refused = await s.stack.up();
    expect(refused.ok).to.equal(false);
    expect(refused.failure!.message).to.match(/already exists and is live \(EDS-1\); set adopt: true/);
    expect((await store(s.client, existing.EventDataStoreArn!)).RetentionPeriod).to.equal(30);
    await s.calls();

    s.set({ stores: { management: { name: "audit-management", retentionPeriod: 90, adopt: true } } });
    const adopted = await s.stack.up();
    expect(adopted.ok, adopted.summary).to.equal(true);
    expect(adopted.outputs.management).to.deep.include({ arn: existing.EventDataStoreArn, adopted: true });
    callCounts["create adopting a live store"] = await s.calls();
    expect((await store(s.client, existing.EventDataStoreArn!)).RetentionPeriod).to.equal(90);
    expectNoChanges(await s.stack.up());
  });

  it("adopt keeps what the store has for every setting the program leaves out", async () => {
    const s = await lakeStack(t);
    const readOnly = [READ_ONLY_MANAGEMENT].map((sel) => ({
      Name: sel.name,
      FieldSelectors: sel.fieldSelectors.map((f) => ({ Field: f.field, Equals: f.equals })),
    }));
    const existing = await s.client.send(
      new CreateEventDataStoreCommand({
        Name: "kept",
        AdvancedEventSelectors: readOnly,
        BillingMode: "FIXED_RETENTION_PRICING",
        RetentionPeriod: 400,
        MultiRegionEnabled: false,
        TerminationProtectionEnabled: false,
        KmsKeyId: "alias/lake",
        TagsList: [{ Key: "owner", Value: "data" }],
      }),
    );
    const before = await store(s.client, existing.EventDataStoreArn!);
    await s.calls();
    // Only the tags are declared: pricing (EDS-12: no way back), retention (shorter deletes events),
    // the key, region scope and selectors stay as the store has them; protection takes its
    // default (on, EDS-3), which only guards the store.
    s.set({ stores: { kept: { name: "kept", adopt: true, tags: { owner: "data", team: "security" } } } });
    const adopted = await s.stack.up();
    expect(adopted.ok, adopted.summary).to.equal(true);
    expect(await s.calls()).to.deep.equal([
      "ListEventDataStores",
      "GetEventDataStore",
      "GetInsightSelectors",
      "ListTags",
      "GetResourcePolicy",
      "GetEventConfiguration",
      "UpdateEventDataStore",
      "AddTags",
    ]);
    const after = await store(s.client, existing.EventDataStoreArn!);
    expect(after).to.deep.include({
      BillingMode: "FIXED_RETENTION_PRICING",
      RetentionPeriod: 400,
      MultiRegionEnabled: false,
      TerminationProtectionEnabled: true,
      KmsKeyId: before.KmsKeyId,
      AdvancedEventSelectors: before.AdvancedEventSelectors,
    });
    expectNoChanges(await s.stack.up());
    expectRefreshShowsNoChange(await s.stack.refresh());
    expectNoChanges(await s.stack.up());
    await s.calls();

    // A setting declared later converges; leaving it out again keeps it, as for the others.
    s.set({
      stores: { kept: { name: "kept", tags: { owner: "data", team: "security" }, retentionPeriod: 500 } },
    });
    expect((await s.stack.up()).ok).to.equal(true);
    expect(await s.calls()).to.deep.equal(["UpdateEventDataStore"]);
    s.set({ stores: { kept: { name: "kept", tags: { owner: "data", team: "security" } } } });
    expectNoChanges(await s.stack.up());
    expect((await store(s.client, existing.EventDataStoreArn!)).RetentionPeriod).to.equal(500);
    // The key declared as the alias it was made with: the ARN AWS reports is the same key.
    const declared = { name: "kept", tags: { owner: "data", team: "security" }, kmsKeyId: "alias/lake" };
    s.set({ stores: { kept: declared } });
    expectNoChanges(await s.stack.up());
    s.set({ stores: { kept: { ...declared, forceDestroy: true } } });
    expect((await s.stack.up()).ok).to.equal(true);
    await s.calls();

    // A replacement would make the new store from the declared inputs alone: refused, naming what it would lose.
    s.set({ stores: { kept: { ...declared, name: "kept-2", kmsKeyId: "alias/other", forceDestroy: true } } });
    const replaced = await s.stack.up();
    expect(replaced.ok).to.equal(false);
    expect(replaced.failure!.message).to.match(
      /event data store "kept" was adopted and keeps settings the program does not declare \(.*retentionPeriod: 500.*billingMode: "FIXED_RETENTION_PRICING"/,
    );
    expect(await s.calls()).to.deep.equal([]);

    // Deleted, then declared again with adopt: restored, and still nothing undeclared changes.
    s.set({});
    expect((await s.stack.up()).ok).to.equal(true);
    expect(await storesByName(s.client)).to.deep.equal({ kept: "PENDING_DELETION" });
    s.set({ stores: { kept: { ...declared, adopt: true } } });
    const restored = await s.stack.up();
    expect(restored.ok, restored.summary).to.equal(true);
    expect(restored.outputs.kept).to.deep.include({ arn: existing.EventDataStoreArn, restored: true });
    expect(await store(s.client, existing.EventDataStoreArn!)).to.deep.include({
      Status: "ENABLED",
      BillingMode: "FIXED_RETENTION_PRICING",
      RetentionPeriod: 500,
      MultiRegionEnabled: false,
      TerminationProtectionEnabled: true,
      AdvancedEventSelectors: before.AdvancedEventSelectors,
    });
    expectNoChanges(await s.stack.up());
  });

  it("a new federation role and a forced destroy wait for federation to be DISABLED (EDS-10)", async () => {
    // Federation changes take 1 s on the emulator's clock, as they take a while on AWS.
    await t.admin.lake({ transitionSeconds: 1 });
    try {
      const s = await lakeStack(t);
      const spec = (role: string): LakeSpec => ({
        stores: {
          federated: {
            name: "federated",
            forceDestroy: true,
            federationEnabled: true,
            federationRoleArn: role,
          },
        },
      });
      s.set(spec(ROLE));
      const created = await s.stack.up();
      expect(created.ok, created.summary).to.equal(true);
      const arn = (created.outputs.federated as { arn: string }).arn;
      expect((await store(s.client, arn)).FederationStatus).to.equal("ENABLING");
      expectRefreshShowsNoChange(await s.stack.refresh());
      await new Promise((r) => setTimeout(r, 1100));
      await s.calls();

      s.set(spec(`${ROLE}-2`));
      const changed = await s.stack.up();
      expect(changed.ok, changed.summary).to.equal(true);
      const calls = await s.calls();
      expect(calls[0]).to.equal("DisableFederation");
      expect(calls.at(-1)).to.equal("EnableFederation");
      expect(calls.slice(1, -1).every((c) => c === "GetEventDataStore")).to.equal(true);
      expect(await store(s.client, arn)).to.include({ FederationRoleArn: `${ROLE}-2` });
      await new Promise((r) => setTimeout(r, 1100));

      const destroyed = await s.stack.destroy();
      expect(destroyed.ok, destroyed.summary).to.equal(true);
      expect(await storesByName(s.client)).to.deep.equal({ federated: "PENDING_DELETION" });
    } finally {
      await t.admin.lake({ transitionSeconds: 0 });
    }
  });

  it("destroy of a store already deleted out of band (pending deletion) succeeds without a refresh", async () => {
    const s = await lakeStack(t);
    s.set({
      stores: {
        gone: { name: "gone", forceDestroy: true, federationEnabled: true, federationRoleArn: ROLE },
      },
    });
    const created = await s.stack.up();
    expect(created.ok, created.summary).to.equal(true);
    const arn = (created.outputs.gone as { arn: string }).arn;
    await s.client.send(new DisableFederationCommand({ EventDataStore: arn }));
    await s.client.send(
      new UpdateEventDataStoreCommand({ EventDataStore: arn, TerminationProtectionEnabled: false }),
    );
    await s.client.send(new DeleteEventDataStoreCommand({ EventDataStore: arn }));
    const destroyed = await s.stack.destroy();
    expect(destroyed.ok, destroyed.summary).to.equal(true);
    expect(s.stack.state().resources.filter((r) => r.custom)).to.deep.equal([]);
    expect(await storesByName(s.client)).to.deep.equal({ gone: "PENDING_DELETION" });
  });

  it("Lake closed to new customers (EDS-15): the error says so in plain words", async () => {
    await t.admin.lake({ closedToNewCustomers: true });
    try {
      const s = await lakeStack(t);
      s.set({ stores: { management: { name: "audit-management" } } });
      const refused = await s.stack.up();
      expect(refused.ok).to.equal(false);
      expect(refused.failure!.message).to.match(
        /closed to new customers since 2026-05-31.*adopt: true.*Trail delivering to S3/,
      );
      expect(await storesByName(s.client)).to.deep.equal({});
    } finally {
      await t.admin.lake({ closedToNewCustomers: false });
    }
  });

  it("replace: a new key needs a new name; a protected store is not replaced without forceDestroy", async () => {
    const s = await lakeStack(t);
    const spec: LakeSpec = { stores: { keyed: { name: "keyed", kmsKeyId: "alias/one" } } };
    s.set(spec);
    const created = await s.stack.up();
    const arn = (created.outputs.keyed as { arn: string }).arn;
    s.set({ stores: { keyed: { name: "keyed", kmsKeyId: "alias/two" } } });
    const sameName = await s.stack.up();
    expect(sameName.failure!.message).to.match(/needs a new store .* give the resource a new name/);
    s.set({ stores: { keyed: { name: "keyed-2", kmsKeyId: "alias/two" } } });
    const isProtected = await s.stack.up();
    expect(isProtected.failure!.message).to.match(/termination protection on \(EDS-3\).*forceDestroy/);
    expect(await storesByName(s.client)).to.deep.equal({ keyed: "ENABLED" });
    await s.calls();

    s.set({ stores: { keyed: { name: "keyed", kmsKeyId: "alias/one", forceDestroy: true } } });
    expect((await s.stack.up()).ok).to.equal(true);
    s.set({ stores: { keyed: { name: "keyed-2", kmsKeyId: "alias/two", forceDestroy: true } } });
    const replaced = await s.stack.up();
    expect(replaced.ok, replaced.summary).to.equal(true);
    expect(replaced.steps.find((x) => x.name === "keyed")!.op).to.equal("replace");
    callCounts["replace (new key and name, forceDestroy)"] = await s.calls();
    expect(await storesByName(s.client)).to.deep.equal({ keyed: "PENDING_DELETION", "keyed-2": "ENABLED" });
    expect((replaced.outputs.keyed as { arn: string }).arn).to.not.equal(arn);
  });

  it("a store a channel outside the stack delivers to is not deleted, and the error names the channel", async () => {
    const s = await lakeStack(t);
    s.set({
      stores: {
        activity: {
          name: "activity-log",
          advancedEventSelectors: category("ActivityAuditLog"),
          terminationProtectionEnabled: false,
        },
      },
    });
    const created = await s.stack.up();
    const arn = (created.outputs.activity as { arn: string }).arn;
    const outside = await s.client.send(
      new CreateChannelCommand({
        Name: "outside",
        Source: "Custom",
        Destinations: [{ Type: "EVENT_DATA_STORE", Location: arn }],
      }),
    );
    const refused = await s.stack.destroy();
    expect(refused.ok).to.equal(false);
    expect(refused.failure!.message).to.contain("a channel delivers to it (EDS-11)");
    expect(refused.failure!.message).to.contain(outside.ChannelArn);
    expect((await store(s.client, arn)).Status).to.equal("ENABLED");
    await s.client.send(new DeleteChannelCommand({ Channel: outside.ChannelArn }));
    expect((await s.stack.destroy()).ok).to.equal(true);
    expect(await storesByName(s.client)).to.deep.equal({ "activity-log": "PENDING_DELETION" });
  });
});
