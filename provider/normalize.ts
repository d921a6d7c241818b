import { OPERATORS } from "./rules";
import type { Kind } from "./validation-types";

// Normalisation, kept apart from validation (ajv never changes the data): defaults filled and
// lists whose order has no meaning sorted, so that diff compares like with like.

type Json = Record<string, unknown>;

const sorted = (values: unknown): string[] => [...((values as string[] | undefined) ?? [])].sort();

/** An advanced selector with its conditions ordered by field and each value list sorted. */
export function normalizeAdvancedSelector(selector: Json): Json {
  const fieldSelectors = (selector.fieldSelectors as Json[]).map((fs) => {
    const out: Json = { field: fs.field };
    for (const op of OPERATORS) if (fs[op] !== undefined) out[op] = sorted(fs[op]);
    return out;
  });
  fieldSelectors.sort((a, b) => String(a.field).localeCompare(String(b.field)));
  return selector.name === undefined ? { fieldSelectors } : { name: selector.name, fieldSelectors };
}

/**
 * An event data store's selectors, each normalised, in a fixed order: a store's selectors are
 * alternatives (an event is kept when any matches), so their order has no meaning (EDS-13).
 */
export function sortedSelectors(selectors: Json[]): Json[] {
  return selectors
    .map(normalizeAdvancedSelector)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** A basic selector with ES-5's defaults and its value lists sorted. */
export function normalizeEventSelector(selector: Json): Json {
  return {
    readWriteType: selector.readWriteType ?? "All",
    includeManagementEvents: selector.includeManagementEvents ?? true,
    dataResources: ((selector.dataResources as Json[] | undefined) ?? []).map((dr) => ({
      type: dr.type,
      values: sorted(dr.values),
    })),
    excludeManagementEventSources: sorted(selector.excludeManagementEventSources),
  };
}

export function normalize(kind: Kind, inputs: Json): Json {
  switch (kind) {
    case "Trail":
      return {
        includeGlobalServiceEvents: true,
        isMultiRegionTrail: false,
        enableLogFileValidation: false,
        isOrganizationTrail: false,
        enableLogging: true,
        adopt: false,
        tags: {},
        ...inputs,
      };
    case "TrailEventSelectors": {
      const out: Json = { ...inputs, validation: inputs.validation ?? "warn" };
      if (inputs.eventSelectors)
        out.eventSelectors = (inputs.eventSelectors as Json[]).map(normalizeEventSelector);
      if (inputs.advancedEventSelectors)
        out.advancedEventSelectors = (inputs.advancedEventSelectors as Json[]).map(normalizeAdvancedSelector);
      return out;
    }
    case "TrailInsightSelectors":
      return { ...inputs, insightTypes: sorted(inputs.insightTypes) };
    case "EventDataStore": {
      const out: Json = {
        multiRegionEnabled: true,
        organizationEnabled: false,
        billingMode: "EXTENDABLE_RETENTION_PRICING",
        retentionPeriod: 2557,
        terminationProtectionEnabled: true,
        ingestionEnabled: true,
        federationEnabled: false,
        adopt: false,
        forceDestroy: false,
        tags: {},
        validation: "warn",
        ...inputs,
      };
      if (Array.isArray(inputs.advancedEventSelectors))
        out.advancedEventSelectors = sortedSelectors(inputs.advancedEventSelectors as Json[]);
      if (Array.isArray(inputs.insightSelectors))
        out.insightSelectors = [...(inputs.insightSelectors as Json[])].sort((a, b) =>
          String(a.insightType).localeCompare(String(b.insightType)),
        );
      return out;
    }
    case "Channel": {
      const out: Json = { tags: {}, adopt: false, ...inputs };
      // A channel's destinations are a set (CH-2).
      if (Array.isArray(inputs.destinations))
        out.destinations = [...(inputs.destinations as Json[])].sort((a, b) =>
          String(a.location).localeCompare(String(b.location)),
        );
      return out;
    }
    default:
      return { ...inputs };
  }
}
