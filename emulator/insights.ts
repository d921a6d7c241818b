/**
 * PutInsightSelectors and GetInsightSelectors: one request names a trail (TrailName) or an event
 * data store (EventDataStore), never both; each kind keeps its own rules (INS-*, EDS-14).
 */
import type { RequestContext } from "./context";
import type { InsightSelector } from "./rules/selectors";
import * as trails from "./trails";
import { trailOrStore } from "./lake/resources";
import { getStoreInsightSelectors, putStoreInsightSelectors } from "./lake/store-insights";

type Json = Record<string, unknown>;

export function putInsightSelectors(
  ctx: RequestContext,
  p: {
    TrailName?: string;
    EventDataStore?: string;
    InsightsDestination?: string;
    InsightSelectors: InsightSelector[];
  },
): Json {
  return trailOrStore(p) === "trail" ? trails.putInsightSelectors(ctx, p) : putStoreInsightSelectors(ctx, p);
}

export function getInsightSelectors(
  ctx: RequestContext,
  p: { TrailName?: string; EventDataStore?: string },
): Json {
  return trailOrStore(p) === "trail" ? trails.getInsightSelectors(ctx, p) : getStoreInsightSelectors(ctx, p);
}
