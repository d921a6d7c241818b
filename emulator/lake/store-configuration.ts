import { fail } from "../errors";
import type { RequestContext } from "../context";
import { findStore, storeKind } from "./event-data-stores";
import type { ContextKeySelector } from "./state";

type Json = Record<string, unknown>;

/** The event configuration of a store: how large an event may be and which context keys it carries. */
function configurableStore(ctx: RequestContext, p: { EventDataStore?: string }) {
  const store = findStore(ctx, p.EventDataStore!, true);
  if (storeKind(store) !== "cloudtrail") {
    fail(
      "InvalidEventDataStoreCategoryException",
      `Event data store ${store.Name} does not hold CloudTrail events; it has no event configuration.`,
    );
  }
  return store;
}

/** PutEventConfiguration on a store: its maximum event size and context key selectors. */
export function putStoreEventConfiguration(
  ctx: RequestContext,
  p: {
    EventDataStore?: string;
    MaxEventSize?: string;
    ContextKeySelectors?: ContextKeySelector[];
    AggregationConfigurations?: unknown[];
  },
): Json {
  if (p.AggregationConfigurations !== undefined)
    fail("InvalidParameterCombinationException", "AggregationConfigurations applies to trails only. (AGG-4)");
  const store = configurableStore(ctx, p);
  if (p.MaxEventSize !== undefined && !["Standard", "Large"].includes(p.MaxEventSize))
    fail("InvalidParameterException", `MaxEventSize ${p.MaxEventSize} is not Standard or Large.`);
  const selectors = p.ContextKeySelectors ?? [];
  if (selectors.length > 2)
    fail("InvalidParameterException", `At most 2 context key selectors; got ${selectors.length}.`);
  for (const s of selectors) {
    if (!["RequestContext", "TagContext"].includes(s.Type))
      fail(
        "InvalidParameterException",
        `Context key selector type ${s.Type} is not RequestContext or TagContext.`,
      );
    if (s.Equals.length < 1 || s.Equals.length > 50 || s.Equals.some((v) => v.length < 1 || v.length > 128))
      fail("InvalidParameterException", "A context key selector takes 1 to 50 keys of 1 to 128 characters.");
  }
  if (selectors.length > 0 && (p.MaxEventSize ?? store.MaxEventSize) !== "Large")
    fail("InvalidParameterException", "Context key selectors need MaxEventSize Large.");
  store.MaxEventSize = (p.MaxEventSize ?? store.MaxEventSize ?? "Standard") as "Standard" | "Large";
  store.ContextKeySelectors = selectors;
  return {
    EventDataStoreArn: store.EventDataStoreArn,
    MaxEventSize: store.MaxEventSize,
    ContextKeySelectors: selectors,
  };
}

export function getStoreEventConfiguration(ctx: RequestContext, p: { EventDataStore?: string }): Json {
  const store = configurableStore(ctx, p);
  return {
    EventDataStoreArn: store.EventDataStoreArn,
    MaxEventSize: store.MaxEventSize ?? "Standard",
    ContextKeySelectors: store.ContextKeySelectors ?? [],
  };
}
