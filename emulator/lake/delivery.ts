import type { RequestContext } from "../context";
import { isIngesting, storeKind } from "./event-data-stores";
import { selects } from "./selector-evaluation";
import type { EventDataStoreRecord, LakeEvent } from "./state";

/**
 * Delivers a CloudTrail event the emulator recorded (a management call) to every store of the
 * account that is ingesting (EDS-9), holds CloudTrail events, sees the event's region (its own,
 * or every region when MultiRegionEnabled) and whose advanced selectors select the event.
 */
export function deliverRecordedEvent(ctx: RequestContext, event: LakeEvent): void {
  for (const [key, region] of Object.entries(ctx.state.lake.regions)) {
    if (!key.startsWith(`${ctx.account}/`)) continue;
    for (const store of Object.values(region.stores)) {
      if (store.Region !== ctx.region && !store.MultiRegionEnabled) continue;
      if (storeKind(store) !== "cloudtrail" || !isIngesting(ctx, store)) continue;
      if (selects(store.AdvancedEventSelectors, event)) addEvents(ctx, store, [event]);
    }
  }
}

/** JSON bytes the account's stores hold together. */
export function accountEventBytes(ctx: RequestContext): number {
  let bytes = 0;
  for (const [key, region] of Object.entries(ctx.state.lake.regions)) {
    if (!key.startsWith(`${ctx.account}/`)) continue;
    for (const store of Object.values(region.stores)) bytes += store.eventBytes ?? 0;
  }
  return bytes;
}

/**
 * Adds events to a store (regardless of ingestion: imports, as EDS-9 lets a stopped store be
 * imported into) and notes them for the Lake journal. Every event a store holds arrives here, so
 * this is where the account's budget (LakeSettings.accountEventBytes) holds: the events that would
 * pass it are not added. Returns how many were, from the first.
 */
export function addEvents(
  ctx: RequestContext,
  store: EventDataStoreRecord,
  events: readonly LakeEvent[],
  importId?: string,
): number {
  let room = ctx.lake.accountEventBytes - accountEventBytes(ctx);
  let added = 0;
  for (const e of events) {
    const bytes = JSON.stringify(e).length;
    if (bytes > room) break;
    room -= bytes;
    store.eventBytes = (store.eventBytes ?? 0) + bytes;
    store.events.push(e);
    added++;
  }
  if (added > 0)
    ctx.lakeAppended.push({ store: store.EventDataStoreArn, events: events.slice(0, added), importId });
  return added;
}
