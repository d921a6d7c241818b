import { fail, ServiceError } from "../errors";
import type { RequestContext } from "../context";
import * as insights from "../insights";
import * as aggregation from "../trail-aggregation";
import { checkInsightSelectors, logging, type InsightSelector } from "../rules/selectors";
import { requireManagementForOrganizationStore } from "../organization";
import { findStore, storeCategories, storeKind } from "./event-data-stores";
import type { ContextKeySelector, EventDataStoreRecord } from "./state";
import type { AggregationConfiguration } from "../state";

type Json = Record<string, unknown>;

/**
 * The store an Insights call names. Get/PutInsightSelectors list none of the event data store
 * errors (the SDK's @throws), so a store that is malformed, unknown or inactive is an invalid parameter there.
 */
function insightStore(ctx: RequestContext, ref: string, active: boolean): EventDataStoreRecord {
  try {
    return findStore(ctx, ref, active);
  } catch (e) {
    if (e instanceof ServiceError && e.code !== "InvalidParameterException")
      return fail("InvalidParameterException", e.message);
    throw e;
  }
}

/** Trail or store, never both, in one request. */
function target(p: { TrailName?: string; EventDataStore?: string }): "trail" | "store" {
  if (p.TrailName !== undefined && p.EventDataStore !== undefined)
    fail("InvalidParameterCombinationException", "Specify TrailName or EventDataStore, not both.");
  return p.EventDataStore !== undefined ? "store" : "trail";
}

/**
 * EDS-14: Insights on a store name the source (a store of management events) and a destination
 * store of category Insight; INS-1 and INS-3 as for trails; an empty list turns Insights off.
 */
export function putInsightSelectors(
  ctx: RequestContext,
  p: {
    TrailName?: string;
    EventDataStore?: string;
    InsightsDestination?: string;
    InsightSelectors: InsightSelector[];
  },
): Json {
  if (target(p) === "trail") return insights.putTrailInsightSelectors(ctx, p);
  const source = insightStore(ctx, p.EventDataStore!, true);
  if (source.OrganizationEnabled && p.InsightSelectors.length > 0)
    requireManagementForOrganizationStore(ctx, source.Name, "enable Insights on it");
  if (p.InsightsDestination === undefined)
    fail(
      "InvalidParameterCombinationException",
      "InsightsDestination is required with EventDataStore. (EDS-14)",
    );
  if (!storeCategories(source.AdvancedEventSelectors).includes("Management")) {
    fail(
      "InvalidParameterException",
      `Event data store ${source.Name} does not collect management events, so it cannot be an Insights source. (EDS-14)`,
    );
  }
  const destination = insightStore(ctx, p.InsightsDestination!, true);
  if (storeKind(destination) !== "insight") {
    fail(
      "InvalidParameterException",
      `Event data store ${destination.Name} is not of category Insight, so it cannot receive Insights events. (EDS-14)`,
    );
  }
  checkInsightSelectors(p.InsightSelectors, logging(undefined, source.AdvancedEventSelectors), false);
  source.InsightSelectors = p.InsightSelectors.map((s) => ({ InsightType: s.InsightType }));
  source.InsightsDestination = source.InsightSelectors.length > 0 ? destination.EventDataStoreArn : undefined;
  return {
    EventDataStoreArn: source.EventDataStoreArn,
    InsightsDestination: destination.EventDataStoreArn,
    InsightSelectors: source.InsightSelectors,
  };
}

export function getInsightSelectors(
  ctx: RequestContext,
  p: { TrailName?: string; EventDataStore?: string },
): Json {
  if (target(p) === "trail") return insights.getTrailInsightSelectors(ctx, p);
  const store = insightStore(ctx, p.EventDataStore!, false);
  if (store.InsightSelectors.length === 0)
    fail(
      "InsightNotEnabledException",
      `Event data store ${store.Name} does not have Insights enabled. (EDS-14)`,
    );
  return {
    EventDataStoreArn: store.EventDataStoreArn,
    InsightsDestination: store.InsightsDestination,
    InsightSelectors: store.InsightSelectors,
  };
}

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

export function putEventConfiguration(
  ctx: RequestContext,
  p: {
    TrailName?: string;
    EventDataStore?: string;
    MaxEventSize?: string;
    ContextKeySelectors?: ContextKeySelector[];
    AggregationConfigurations?: AggregationConfiguration[];
  },
): Json {
  if (target(p) === "trail") return aggregation.putTrailEventConfiguration(ctx, p);
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

export function getEventConfiguration(
  ctx: RequestContext,
  p: { TrailName?: string; EventDataStore?: string },
): Json {
  if (target(p) === "trail") return aggregation.getTrailEventConfiguration(ctx, p);
  const store = configurableStore(ctx, p);
  return {
    EventDataStoreArn: store.EventDataStoreArn,
    MaxEventSize: store.MaxEventSize ?? "Standard",
    ContextKeySelectors: store.ContextKeySelectors ?? [],
  };
}
