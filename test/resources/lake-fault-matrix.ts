// The Lake fault matrix: a throttle, a 500 and a connection reset at every call the EventDataStore
// and Channel providers make. The *-faults.test.ts files of each kind pick their part of it by subject.
import {
  CreateChannelCommand,
  CreateEventDataStoreCommand,
  DeleteEventDataStoreCommand,
  GetChannelCommand,
  GetEventConfigurationCommand,
  GetEventDataStoreCommand,
  GetInsightSelectorsCommand,
  GetResourcePolicyCommand,
  ListChannelsCommand,
  ListEventDataStoresCommand,
  ListTagsCommand,
  UpdateEventDataStoreCommand,
  type CloudTrailClient,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { canonicalPolicy } from "../../provider/normalize";
import type { LakeSpec } from "../harness/programs/lake-spec";
import type { TestEmulator } from "../support/emulator";
import {
  LAKE_EXAMPLE,
  category,
  expectFaultOutcome,
  expectRefreshShowsNoChange,
  allowPolicy,
  lakeStack,
  type FaultKind,
  type LakeStack,
} from "./support";

const KINDS: FaultKind[] = ["throttle", "internal", "reset"];
/** The harness stacks use 3 attempts per call: 1 faulty call is retried away, 3 exhaust the retries. */
const ABSORBED = 1;
const EXHAUSTED = 3;

const ROLE = "arn:aws:iam::123456789012:role/lake-federation";
const POLICY = allowPolicy("111122223333", "cloudtrail:StartQuery");

function withStore(spec: LakeSpec, name: string, change: object): LakeSpec {
  return { ...spec, stores: { ...spec.stores, [name]: { ...spec.stores![name], ...change } } };
}

function withChannel(spec: LakeSpec, name: string, change: object): LakeSpec {
  return { ...spec, channels: { ...spec.channels, [name]: { ...spec.channels![name], ...change } } };
}

/** The lake-audit shape with its resource names and AWS names numbered, so that copies live side by side. */
function numbered(spec: LakeSpec, n: number): LakeSpec {
  return {
    stores: Object.fromEntries(
      Object.entries(spec.stores ?? {}).map(([k, v]) => [
        `${k}${n}`,
        { ...v, name: `${String(v.name)}-${n}`, insightsTo: v.insightsTo && `${v.insightsTo}${n}` },
      ]),
    ),
    channels: Object.fromEntries(
      Object.entries(spec.channels ?? {}).map(([k, v]) => [
        `${k}${n}`,
        { ...v, name: `${String(v.name)}-${n}`, to: v.to?.map((s) => `${s}${n}`) },
      ]),
    ),
  };
}

/** Copies 1 to n of a spec in one stack: each round of a create case creates a new copy. */
function copies(spec: LakeSpec, n: number): LakeSpec {
  const all = Array.from({ length: n }, (_, i) => numbered(spec, i + 1));
  return {
    stores: Object.assign({}, ...all.map((s) => s.stores)) as LakeSpec["stores"],
    channels: Object.assign({}, ...all.map((s) => s.channels)) as LakeSpec["channels"],
  };
}

async function policyOf(client: CloudTrailClient, arn: string): Promise<string | undefined> {
  try {
    return canonicalPolicy(
      (await client.send(new GetResourcePolicyCommand({ ResourceArn: arn }))).ResourcePolicy,
    );
  } catch (err) {
    if ((err as Error).name === "ResourcePolicyNotFoundException") return undefined;
    throw err;
  }
}

const declaredPolicy = (policy: unknown) => (policy === undefined ? undefined : canonicalPolicy(policy));

/**
 * CloudTrail holds exactly what the spec declares: each store once (no orphan, no duplicate), live,
 * protected as declared, with its retention, ingestion, federation, Insights, policy and event
 * configuration; each channel once with its source, destinations and policy; the stack's state
 * has each resource once, none half-created.
 */
async function expectConverged(t: TestEmulator, s: LakeStack, spec: LakeSpec): Promise<void> {
  const client = t.client();
  const listed = (await client.send(new ListEventDataStoresCommand({}))).EventDataStores ?? [];
  const declared = Object.values(spec.stores ?? {});
  expect(listed.map((x) => x.Name).sort()).to.deep.equal(declared.map((d) => String(d.name)).sort());
  const arns: Record<string, string> = {};
  for (const [key, d] of Object.entries(spec.stores ?? {})) {
    const arn = listed.find((x) => x.Name === d.name)!.EventDataStoreArn!;
    arns[key] = arn;
    const store = await client.send(new GetEventDataStoreCommand({ EventDataStore: arn }));
    expect(store, String(d.name)).to.include({
      Status: d.ingestionEnabled === false ? "STOPPED_INGESTION" : "ENABLED",
      TerminationProtectionEnabled: d.terminationProtectionEnabled ?? true,
      RetentionPeriod: d.retentionPeriod ?? 2557,
      FederationStatus: d.federationEnabled ? "ENABLED" : "DISABLED",
    });
    const listedTags = await client.send(new ListTagsCommand({ ResourceIdList: [arn] }));
    const tags = Object.fromEntries(
      (listedTags.ResourceTagList?.[0]?.TagsList ?? []).map((x) => [x.Key, x.Value]),
    );
    expect(tags, String(d.name)).to.deep.equal(d.tags ?? {});
    expect(await policyOf(client, arn), String(d.name)).to.equal(declaredPolicy(d.resourcePolicy));
    if (d.insightsTo !== undefined) {
      const insights = await client.send(new GetInsightSelectorsCommand({ EventDataStore: arn }));
      expect(insights.InsightSelectors).to.deep.equal([{ InsightType: "ApiCallRateInsight" }]);
    }
    if (d.advancedEventSelectors === undefined) {
      const configuration = await client.send(new GetEventConfigurationCommand({ EventDataStore: arn }));
      expect(configuration.MaxEventSize).to.equal(d.maxEventSize ?? "Standard");
    }
  }
  const channels = (await client.send(new ListChannelsCommand({}))).Channels ?? [];
  const declaredChannels = Object.values(spec.channels ?? {});
  expect(channels.map((c) => c.Name).sort()).to.deep.equal(
    declaredChannels.map((c) => String(c.name)).sort(),
  );
  for (const c of declaredChannels) {
    const arn = channels.find((x) => x.Name === c.name)!.ChannelArn!;
    const channel = await client.send(new GetChannelCommand({ Channel: arn }));
    expect(channel.Source).to.equal(c.source);
    expect(channel.Destinations?.map((x) => x.Location).sort()).to.deep.equal(
      (c.to ?? []).map((k) => arns[k]).sort(),
    );
    expect(await policyOf(client, arn), String(c.name)).to.equal(declaredPolicy(c.resourcePolicy));
  }
  const state = s.stack.state().resources;
  expect(state.map((r) => r.name).sort()).to.deep.equal(
    [...Object.keys(spec.stores ?? {}), ...Object.keys(spec.channels ?? {})].sort(),
  );
  expect(state.every((r) => !r.initErrors)).to.equal(true);
  // A create that failed part-way still ends with the store's partition keys (EDS-16): no refresh drift.
  for (const r of state.filter((x) => Object.hasOwn(spec.stores ?? {}, x.name)))
    expect(r.outputs.partitionKeys, r.name).to.be.an("array");
}

/**
 * One fault round: the fault at the operation, an up to `goal`; a throttle is retried away, a 500
 * or a connection reset fails the up with a message naming the call, then a clean up converges.
 * `calls` is how many calls of the operation the up makes at once (each must exhaust its retries).
 */
async function faultRound(
  t: TestEmulator,
  s: LakeStack,
  operation: string,
  kind: FaultKind,
  goal: LakeSpec,
  calls = 1,
): Promise<void> {
  s.set(goal);
  await t.admin.fault({ operation, kind, count: kind === "throttle" ? ABSORBED : EXHAUSTED * calls });
  expectFaultOutcome(await s.stack.up(), operation, kind);
  if (kind !== "throttle") {
    await t.admin.clearFaults();
    const clean = await s.stack.up();
    expect(clean.ok, clean.summary).to.equal(true);
  }
  await expectConverged(t, s, goal);
}

/** The example's management store with another setting. */
const management = (change: object) => withStore(LAKE_EXAMPLE, "management", change);

/** Create: a throttle, a 500 and a reset at each of `operations` a create makes, one stack per call. */
export function createFaultTests(t: TestEmulator, operations: string[]): void {
  // Create: each round creates a new numbered copy of the spec in the same stack. The count is the
  // calls of the operation one copy makes at once (its three stores are created concurrently).
  const creates: [string, LakeSpec, number][] = [
    ["CreateEventDataStore", LAKE_EXAMPLE, 3],
    ["PutInsightSelectors", LAKE_EXAMPLE, 1],
    ["CreateChannel", LAKE_EXAMPLE, 1],
    ["PutResourcePolicy", withChannel(LAKE_EXAMPLE, "feed", { resourcePolicy: POLICY }), 1],
  ];
  for (const [operation, spec, calls] of creates.filter(([operation]) => operations.includes(operation))) {
    it(`create: throttle, 500 and reset at ${operation}`, async () => {
      const s = await lakeStack(t);
      for (const [i, kind] of KINDS.entries())
        await faultRound(t, s, operation, kind, copies(spec, i + 1), calls);
    });
  }
}

/** Adopt: the three kinds at the lookup of a live store and of a live channel, one stack. */
export function adoptFaultTests(t: TestEmulator): void {
  it("adopt: throttle, 500 and reset at the lookups of a live store (ListEventDataStores) and channel (ListChannels)", async () => {
    const s = await lakeStack(t);
    const client = t.client();
    let spec: LakeSpec = { stores: {}, channels: {} };
    let n = 0;
    for (const operation of ["ListEventDataStores", "ListChannels"]) {
      for (const kind of KINDS) {
        n++;
        // Made out of band: each round adopts one more store and the channel that feeds it.
        const made = await client.send(
          new CreateEventDataStoreCommand({
            Name: `live-${n}`,
            AdvancedEventSelectors: category("ActivityAuditLog").map((x) => ({
              FieldSelectors: x.fieldSelectors.map((f) => ({ Field: f.field, Equals: f.equals })),
            })),
          }),
        );
        await client.send(
          new CreateChannelCommand({
            Name: `live-feed-${n}`,
            Source: "Custom",
            Destinations: [{ Type: "EVENT_DATA_STORE", Location: made.EventDataStoreArn }],
          }),
        );
        spec = {
          stores: {
            ...spec.stores,
            [`store${n}`]: {
              name: `live-${n}`,
              advancedEventSelectors: category("ActivityAuditLog"),
              adopt: true,
            },
          },
          channels: {
            ...spec.channels,
            [`feed${n}`]: { name: `live-feed-${n}`, source: "Custom", to: [`store${n}`], adopt: true },
          },
        };
        await faultRound(t, s, operation, kind, spec);
      }
    }
    const adopted = s.stack.state().resources.filter((r) => r.outputs.adopted === true);
    expect(adopted).to.have.length(2 * n);
  });
}

/** Update: the three kinds at each call of the updates whose titles start with one of `operations`. */
export function updateFaultTests(t: TestEmulator, operations: string[]): void {
  // Update: from `from`, each round goes to the next spec of `rounds` (round-robin), faulting its operation.
  const updates: [string, LakeSpec, [string, LakeSpec][]][] = [
    [
      "UpdateEventDataStore",
      LAKE_EXAMPLE,
      [
        ["UpdateEventDataStore", management({ retentionPeriod: 365 })],
        ["UpdateEventDataStore", LAKE_EXAMPLE],
      ],
    ],
    [
      "AddTags",
      LAKE_EXAMPLE,
      [
        ["AddTags", management({ tags: { owner: "platform" } })],
        ["AddTags", LAKE_EXAMPLE],
      ],
    ],
    [
      "RemoveTags",
      LAKE_EXAMPLE,
      [
        // Each way swaps the one tag: each removes a key.
        ["RemoveTags", management({ tags: { owner: "platform" } })],
        ["RemoveTags", LAKE_EXAMPLE],
      ],
    ],
    [
      "StopEventDataStoreIngestion and StartEventDataStoreIngestion",
      LAKE_EXAMPLE,
      [
        ["StopEventDataStoreIngestion", management({ ingestionEnabled: false })],
        ["StartEventDataStoreIngestion", LAKE_EXAMPLE],
      ],
    ],
    [
      "EnableFederation and DisableFederation",
      LAKE_EXAMPLE,
      [
        ["EnableFederation", management({ federationEnabled: true, federationRoleArn: ROLE })],
        ["DisableFederation", LAKE_EXAMPLE],
      ],
    ],
    [
      "PutResourcePolicy and DeleteResourcePolicy",
      LAKE_EXAMPLE,
      [
        ["PutResourcePolicy", management({ resourcePolicy: POLICY })],
        ["DeleteResourcePolicy", LAKE_EXAMPLE],
      ],
    ],
    [
      "PutEventConfiguration",
      LAKE_EXAMPLE,
      [
        [
          "PutEventConfiguration",
          management({
            maxEventSize: "Large",
            contextKeySelectors: [{ type: "TagContext", equals: ["team"] }],
          }),
        ],
        ["PutEventConfiguration", LAKE_EXAMPLE],
      ],
    ],
    [
      "UpdateChannel",
      LAKE_EXAMPLE,
      [
        ["UpdateChannel", withChannel(LAKE_EXAMPLE, "feed", { name: "partner-feed-2" })],
        ["UpdateChannel", LAKE_EXAMPLE],
      ],
    ],
    [
      "DeleteChannel (a new source replaces the channel)",
      LAKE_EXAMPLE,
      [
        ["DeleteChannel", withChannel(LAKE_EXAMPLE, "feed", { source: "ExamplePartnerSource" })],
        ["DeleteChannel", LAKE_EXAMPLE],
      ],
    ],
  ];
  for (const [title, from, rounds] of updates.filter(([title]) =>
    operations.some((o) => title.startsWith(o)),
  )) {
    // Two operations (one each way): every kind at each; one operation: one round per kind.
    const distinct = new Set(rounds.map(([op]) => op)).size > 1;
    it(`update: throttle, 500 and reset at ${title}`, async () => {
      const s = await lakeStack(t);
      s.set(from);
      expect((await s.stack.up()).ok).to.equal(true);
      let next = 0;
      for (const kind of KINDS) {
        for (let i = 0; i < (distinct ? rounds.length : 1); i++) {
          const [operation, goal] = rounds[next++ % rounds.length];
          await faultRound(t, s, operation, kind, goal);
        }
      }
    });
  }
}

/** Refresh: the three kinds at each read. */
export function refreshFaultTests(t: TestEmulator): void {
  it("refresh: throttle, 500 and reset at each read of a store and a channel; nothing changes", async () => {
    const s = await lakeStack(t);
    const spec = withChannel(management({ resourcePolicy: POLICY, maxEventSize: "Large" }), "feed", {
      resourcePolicy: POLICY,
    });
    s.set(spec);
    expect((await s.stack.up()).ok).to.equal(true);
    // Each read and how many of it one refresh makes (three stores and the channel, read at once);
    // only the store of CloudTrail events has an event configuration.
    const reads: [string, number][] = [
      ["GetEventDataStore", 3],
      ["GetInsightSelectors", 3],
      ["ListTags", 4],
      ["GetResourcePolicy", 4],
      ["GetEventConfiguration", 1],
      ["GetChannel", 1],
    ];
    // One throttle at every read at once: each is retried away.
    for (const [operation] of reads) await t.admin.fault({ operation, kind: "throttle", count: ABSORBED });
    expectRefreshShowsNoChange(await s.stack.refresh());
    for (const [operation, calls] of reads) {
      for (const kind of ["internal", "reset"] as const) {
        await t.admin.fault({ operation, kind, count: EXHAUSTED * calls });
        expectFaultOutcome(await s.stack.refresh(), operation, kind);
        await t.admin.clearFaults();
        expectRefreshShowsNoChange(await s.stack.refresh());
      }
    }
    await expectConverged(t, s, spec);
  });
}

/** Restore: the three kinds at each call of a restore (the lookup and RestoreEventDataStore). */
export function restoreFaultTests(t: TestEmulator): void {
  it("restore: throttle, 500 and reset at ListEventDataStores and RestoreEventDataStore after an out-of-band delete; no duplicate", async () => {
    const s = await lakeStack(t);
    const spec: LakeSpec = {
      stores: { management: { name: "audit-management", tags: { team: "security" } } },
    };
    s.set(spec);
    const created = await s.stack.up();
    const arn = (created.outputs.management as { arn: string }).arn;
    // The create finds the name taken (CreateEventDataStore), looks the store up, and restores it.
    for (const operation of ["ListEventDataStores", "RestoreEventDataStore"]) {
      for (const kind of KINDS) {
        await t
          .client()
          .send(
            new UpdateEventDataStoreCommand({ EventDataStore: arn, TerminationProtectionEnabled: false }),
          );
        await t.client().send(new DeleteEventDataStoreCommand({ EventDataStore: arn }));
        expect((await s.stack.refresh()).steps.find((x) => x.name === "management")!.op).to.equal("gone");
        await faultRound(t, s, operation, kind, spec);
        const restored = s.stack.state().resources.find((r) => r.name === "management")!;
        expect(restored.outputs).to.include({ arn, restored: true });
      }
    }
  });
}

/** Forced destroy: the three kinds at each call. */
export function destroyFaultTests(t: TestEmulator): void {
  it("forced destroy: throttle, 500 and reset at each call; a failed destroy leaves the store protected and federated, the next one finishes", async () => {
    const s = await lakeStack(t);
    const forced: LakeSpec = {
      stores: {
        management: {
          name: "audit-management",
          forceDestroy: true,
          federationEnabled: true,
          federationRoleArn: ROLE,
        },
      },
    };
    s.set(forced);
    expect((await s.stack.up()).ok).to.equal(true);
    const client = t.client();
    const listed = async () => (await client.send(new ListEventDataStoresCommand({}))).EventDataStores ?? [];
    for (const operation of ["UpdateEventDataStore", "DisableFederation", "DeleteEventDataStore"]) {
      for (const kind of KINDS) {
        await t.admin.fault({ operation, kind, count: kind === "throttle" ? ABSORBED : EXHAUSTED });
        const destroyed = await s.stack.destroy();
        expectFaultOutcome(destroyed, operation, kind);
        if (kind !== "throttle") {
          const [kept] = await listed();
          expect(kept, `${operation} ${kind}`).to.include({
            Status: "ENABLED",
            TerminationProtectionEnabled: true,
          });
          // Federation too is as declared again, so state (which still says so) is true.
          const got = await client.send(
            new GetEventDataStoreCommand({ EventDataStore: kept.EventDataStoreArn }),
          );
          expect(got.FederationStatus, `${operation} ${kind}`).to.equal("ENABLED");
          await t.admin.clearFaults();
          expect((await s.stack.destroy()).ok).to.equal(true);
        }
        expect((await listed()).map((x) => x.Status)).to.deep.equal(["PENDING_DELETION"]);
        // The next round's store: the up restores this one (EDS-5).
        const restored = await s.stack.up();
        expect(restored.ok, restored.summary).to.equal(true);
      }
    }
    await expectConverged(t, s, forced);
  });
}
