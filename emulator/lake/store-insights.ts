import { fail, ServiceError } from "../errors";
import type { RequestContext } from "../context";
import { checkInsightSelectors, logging, type InsightSelector } from "../rules/selectors";
import { requireManagementForOrganizationStore } from "../organization";
import { findStore, storeCategories, storeKind } from "./event-data-stores";
import type { EventDataStoreRecord } from "./state";

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

/**
 * EDS-14: Insights on a store name the source (a store of management events) and a destination
 * store of category Insight; INS-1 and INS-3 as for trails; an empty list turns Insights off.
 */
export function putStoreInsightSelectors(
  ctx: RequestContext,
  p: { EventDataStore?: string; InsightsDestination?: string; InsightSelectors: InsightSelector[] },
): Json {
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

export function getStoreInsightSelectors(ctx: RequestContext, p: { EventDataStore?: string }): Json {
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
