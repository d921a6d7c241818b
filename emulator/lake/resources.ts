import { fail } from "../errors";
import type { RequestContext } from "../context";
import { findChannel } from "./channels";
import { findDashboard } from "./dashboards";
import { findStore } from "./event-data-stores";
import type { ChannelRecord, DashboardRecord, EventDataStoreRecord } from "./state";

/** What tags and resource policies attach to in Lake. */
export type LakeResource = EventDataStoreRecord | ChannelRecord | DashboardRecord;

/** An ARN of an event data store, a channel or a dashboard: the Lake resources that carry tags and resource policies. */
export const LAKE_ARN = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:(eventdatastore|channel|dashboard)\//;

/** The store, channel or dashboard an ARN names, or undefined when the ARN is not a Lake resource's (a trail's). */
export function lakeResource(ctx: RequestContext, arn: string, active: boolean): LakeResource | undefined {
  const kind = LAKE_ARN.exec(arn)?.[1];
  if (kind === "eventdatastore") return findStore(ctx, arn, active);
  if (kind === "channel") return findChannel(ctx, arn);
  if (kind === "dashboard") return findDashboard(ctx, arn);
  return undefined;
}

/** Trail or store, never both, in one request. */
export function trailOrStore(p: { TrailName?: string; EventDataStore?: string }): "trail" | "store" {
  if (p.TrailName !== undefined && p.EventDataStore !== undefined)
    fail("InvalidParameterCombinationException", "Specify TrailName or EventDataStore, not both.");
  return p.EventDataStore !== undefined ? "store" : "trail";
}
