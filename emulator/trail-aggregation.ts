import { fail } from "./errors";
import type { RequestContext } from "./context";
import type { AggregationConfiguration } from "./state";
import { findTrail, homeOnly } from "./trails";
import { logging } from "./rules/selectors";
import { trailOrStore } from "./lake/resources";
import { getStoreEventConfiguration, putStoreEventConfiguration } from "./lake/store-configuration";
import type { ContextKeySelector } from "./lake/state";

// PutEventConfiguration and GetEventConfiguration: a request names a trail (TrailName) or an event
// data store (EventDataStore), never both. On trails, event aggregation (AGG-*); the event
// configuration of event data stores is in lake/store-configuration.ts.

type Json = Record<string, unknown>;

const TEMPLATES = ["API_ACTIVITY", "RESOURCE_ACCESS", "USER_ACTIONS"];

export function putEventConfiguration(
  ctx: RequestContext,
  p: TrailEventConfiguration & { EventDataStore?: string; ContextKeySelectors?: ContextKeySelector[] },
): Json {
  return trailOrStore(p) === "trail"
    ? putTrailEventConfiguration(ctx, p)
    : putStoreEventConfiguration(ctx, p);
}

export function getEventConfiguration(
  ctx: RequestContext,
  p: { TrailName?: string; EventDataStore?: string },
): Json {
  return trailOrStore(p) === "trail"
    ? getTrailEventConfiguration(ctx, p)
    : getStoreEventConfiguration(ctx, p);
}

type TrailEventConfiguration = {
  TrailName?: string;
  MaxEventSize?: string;
  ContextKeySelectors?: unknown[];
  AggregationConfigurations?: AggregationConfiguration[];
};

/**
 * AGG-1 to AGG-4: at most one configuration, of event category Data, with 1 to 50 templates, each
 * once; the trail must log data events; an empty list turns aggregation off. Event size and
 * context keys belong to event data stores.
 */
function putTrailEventConfiguration(ctx: RequestContext, p: TrailEventConfiguration): Json {
  if (p.MaxEventSize !== undefined || p.ContextKeySelectors !== undefined)
    fail(
      "InvalidParameterCombinationException",
      "MaxEventSize and ContextKeySelectors apply to event data stores; a trail takes AggregationConfigurations. (AGG-4)",
    );
  if (p.AggregationConfigurations === undefined)
    fail(
      "InvalidParameterCombinationException",
      "AggregationConfigurations is required with TrailName. (AGG-4)",
    );
  const trail = homeOnly(ctx, findTrail(ctx, trailName(p)));
  const configs = p.AggregationConfigurations!;
  const invalid = (m: string): never => fail("InvalidParameterException", m);
  if (configs.length > 1) invalid(`At most 1 aggregation configuration; got ${configs.length}. (AGG-1)`);
  for (const c of configs) {
    if (c.EventCategory !== "Data") invalid(`EventCategory ${c.EventCategory} is not Data. (AGG-1)`);
    if (c.Templates.length < 1 || c.Templates.length > 50)
      invalid(`Templates takes 1 to 50 templates; got ${c.Templates.length}. (AGG-2)`);
    for (const t of c.Templates) {
      if (!TEMPLATES.includes(t)) invalid(`Template ${t} is not one of ${TEMPLATES.join(", ")}. (AGG-2)`);
    }
    if (new Set(c.Templates).size !== c.Templates.length) invalid("Each template may be given once. (AGG-2)");
  }
  if (configs.length > 0 && !logging(trail.EventSelectors, trail.AdvancedEventSelectors).data)
    invalid(
      `Trail ${trail.Name} does not log data events; select data events before aggregating them. (AGG-3)`,
    );
  trail.AggregationConfigurations = configs.map((c) => ({
    EventCategory: c.EventCategory,
    Templates: [...c.Templates],
  }));
  return { TrailARN: trail.TrailARN, AggregationConfigurations: trail.AggregationConfigurations };
}

/** A trail's aggregation; none is an empty list (AGG-4). */
function getTrailEventConfiguration(ctx: RequestContext, p: { TrailName?: string }): Json {
  const trail = findTrail(ctx, trailName(p));
  return { TrailARN: trail.TrailARN, AggregationConfigurations: trail.AggregationConfigurations ?? [] };
}

function trailName(p: { TrailName?: string }): string {
  if (p.TrailName === undefined)
    fail("InvalidParameterCombinationException", "Specify TrailName or EventDataStore.");
  return p.TrailName!;
}
