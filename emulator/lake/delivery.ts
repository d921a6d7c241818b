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

/**
 * JSON bytes of each store's events, by its events list, with the length they were counted at. Kept
 * beside the state rather than in it: it is derived, and a rollback that cuts a list back (a shorter
 * length than counted) makes the next look count again.
 */
const counted = new WeakMap<LakeEvent[], { length: number; bytes: number }>();

function storeEventBytes(store: EventDataStoreRecord): number {
  const known = counted.get(store.events);
  if (known && known.length === store.events.length) return known.bytes;
  const bytes = store.events.reduce((n, e) => n + JSON.stringify(e).length, 0);
  counted.set(store.events, { length: store.events.length, bytes });
  return bytes;
}

/** JSON bytes the account's stores hold together. */
export function accountEventBytes(ctx: RequestContext): number {
  let bytes = 0;
  for (const [key, region] of Object.entries(ctx.state.lake.regions)) {
    if (!key.startsWith(`${ctx.account}/`)) continue;
    for (const store of Object.values(region.stores)) bytes += storeEventBytes(store);
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
  let bytes = storeEventBytes(store);
  let added = 0;
  for (const e of events) {
    const size = JSON.stringify(e).length;
    if (size > room) break;
    room -= size;
    bytes += size;
    store.events.push(e);
    added++;
  }
  counted.set(store.events, { length: store.events.length, bytes });
  if (added > 0)
    ctx.lakeAppended.push({ store: store.EventDataStoreArn, events: events.slice(0, added), importId });
  return added;
}
