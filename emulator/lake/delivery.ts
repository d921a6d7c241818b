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
 * Adds events to a store (regardless of ingestion: imports, as EDS-9 lets a stopped store be
 * imported into) and notes them for the Lake journal. Every event a store holds arrives here.
 */
export function addEvents(
  ctx: RequestContext,
  store: EventDataStoreRecord,
  events: readonly LakeEvent[],
  importId?: string,
): void {
  if (events.length === 0) return;
  for (const e of events) store.events.push(e);
  ctx.lakeAppended.push({ store: store.EventDataStoreArn, events: [...events], importId });
}
