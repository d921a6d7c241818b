import { clientRate } from "../provider/client";
import { RESOURCE_KINDS } from "../provider/validation-types";

// The fewest CloudTrail calls each lifecycle step of each resource kind needs, and the lower bound
// on how fast a set of such calls can be made under RATE-1 and RATE-2: what the benchmarks
// compare the provider's calls and times with.

export type Kind = (typeof RESOURCE_KINDS)[number];
export type Step = "create" | "same" | "update" | "refresh" | "delete";

export const KINDS: readonly Kind[] = RESOURCE_KINDS;
export const STEPS: readonly Step[] = ["create", "same", "update", "refresh", "delete"];

/**
 * The API's minimum per step, for the resources as the benchmarks declare them: a trail with
 * logging on and tags (CreateTrail takes the tags; logging is a call of its own), updated by a tag;
 * selectors, Insights and aggregation updated by their values; a store without Insights or federation and with
 * termination protection off, updated by its retention; a channel updated by its destinations.
 * Refresh must read everything the resource manages, declared or not (drift may add it): a
 * trail's settings, logging status and tags are three APIs; a store of CloudTrail events has its
 * settings, Insights, tags, resource policy and event configuration, five; a channel its settings,
 * tags and resource policy, three; a dashboard the same three. A dashboard's create is two calls:
 * CreateDashboard does not answer its status and timestamps, which GetDashboard does; its update
 * (a widget's view) is one UpdateDashboard. An import whose every file fails is retried (its update): the
 * retry is one StartImport; its refresh reads the import and its failures; deleting a finished
 * import needs no call (imports cannot be deleted, only stopped while they run). A delegated
 * administrator's update is its replacement by another account (register the new one, deregister
 * the old); CloudTrail has no call that reads a registration, so its refresh is one LookupEvents in
 * CloudTrail's record of its own calls.
 */
export const MINIMUM: Record<Kind, Record<Step, string[]>> = {
  Trail: {
    create: ["CreateTrail", "StartLogging"],
    same: [],
    update: ["AddTags"],
    refresh: ["GetTrail", "GetTrailStatus", "ListTags"],
    delete: ["DeleteTrail"],
  },
  TrailEventSelectors: {
    create: ["PutEventSelectors"],
    same: [],
    update: ["PutEventSelectors"],
    refresh: ["GetEventSelectors"],
    delete: ["PutEventSelectors"],
  },
  TrailInsightSelectors: {
    create: ["PutInsightSelectors"],
    same: [],
    update: ["PutInsightSelectors"],
    refresh: ["GetInsightSelectors"],
    delete: ["PutInsightSelectors"],
  },
  TrailEventAggregation: {
    create: ["PutEventConfiguration"],
    same: [],
    update: ["PutEventConfiguration"],
    refresh: ["GetEventConfiguration"],
    delete: ["PutEventConfiguration"],
  },
  EventDataStore: {
    // The partition keys (an output, EDS-16) are reported by GetEventDataStore alone.
    create: ["CreateEventDataStore", "GetEventDataStore"],
    same: [],
    update: ["UpdateEventDataStore"],
    refresh: [
      "GetEventDataStore",
      "GetInsightSelectors",
      "ListTags",
      "GetResourcePolicy",
      "GetEventConfiguration",
    ],
    delete: ["DeleteEventDataStore"],
  },
  Channel: {
    create: ["CreateChannel"],
    same: [],
    update: ["UpdateChannel"],
    refresh: ["GetChannel", "ListTags", "GetResourcePolicy"],
    delete: ["DeleteChannel"],
  },
  Dashboard: {
    create: ["CreateDashboard", "GetDashboard"],
    same: [],
    update: ["UpdateDashboard"],
    refresh: ["GetDashboard", "ListTags", "GetResourcePolicy"],
    delete: ["DeleteDashboard"],
  },
  LakeImport: {
    create: ["StartImport"],
    same: [],
    update: ["StartImport"],
    refresh: ["GetImport", "ListImportFailures"],
    delete: [],
  },
  OrganizationDelegatedAdmin: {
    create: ["RegisterOrganizationDelegatedAdmin"],
    same: [],
    update: ["RegisterOrganizationDelegatedAdmin", "DeregisterOrganizationDelegatedAdmin"],
    refresh: ["LookupEvents"],
    delete: ["DeregisterOrganizationDelegatedAdmin"],
  },
};

/**
 * The convergence benchmark's stack (bench/programs/convergence.ts): trails, each with selectors
 * and Insights, and stores. One region of one account holds at most 5 trails (TRAIL-1) and 10
 * stores (EDS-1), so this is also the most one account and region can hold.
 */
export const TRAILS = 5;
export const STORES = 10;

/** The API's minimum calls of a step of convergence stacks; the update changes trails and stores only. */
export function stackMinimum(
  step: "create" | "update" | "delete",
  shape: { trails: number; stores: number; stacks: number },
): string[] {
  const trailKinds: Kind[] =
    step === "update" ? ["Trail"] : ["Trail", "TrailEventSelectors", "TrailInsightSelectors"];
  const times = (n: number, calls: string[]) => Array.from({ length: n * shape.stacks }, () => calls).flat();
  return [
    ...trailKinds.flatMap((kind) => times(shape.trails, MINIMUM[kind][step])),
    ...times(shape.stores, MINIMUM.EventDataStore[step]),
  ];
}

/**
 * Lower bound, in seconds, on the span (first call to last) of a set of calls to one account and
 * region. Each API is a token bucket (RATE-1, RATE-2: rate r per second, which `clientRate`
 * spells; the emulator's buckets start full and hold max(1, r) tokens, AWS's burst), so n calls of
 * one API need at least (n - max(1, r)) / r seconds between the first and the last, and the span
 * of all calls is at least the largest of these over the APIs.
 * Dependent chains (CreateTrail, then that trail's StartLogging, PutEventSelectors and
 * PutInsightSelectors; at delete, the selectors' reset before DeleteTrail) cross buckets, so an
 * ideal client pipelines them: while CreateTrail's bucket refills, the previous trail's next link
 * goes to another bucket. A chain therefore adds its round trips (milliseconds), not a bucket's
 * wait, unless two links share a bucket, and such links are already counted in that bucket's n.
 * So the bound is max over APIs of (n - max(1, r)) / r.
 */
export function lowerBoundSeconds(calls: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(call, (counts.get(call) ?? 0) + 1);
  let bound = 0;
  for (const [api, n] of counts) {
    const rate = clientRate(api);
    bound = Math.max(bound, (n - Math.max(1, rate)) / rate);
  }
  return bound;
}
