import { OPERATORS, isObject } from "./rules";
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

/** A value with every object's keys sorted, at any depth; lists keep their order. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortedKeys((value as Json)[k])]),
  );
}

/**
 * A resource policy's one text: the document (an object or JSON text) as compact JSON with its keys
 * sorted, so that two spellings of one policy compare equal and AWS's reformatting is no drift.
 */
export function canonicalPolicy(policy: unknown): string {
  return JSON.stringify(sortedKeys(typeof policy === "string" ? JSON.parse(policy) : policy));
}

/** Context key selectors as a set: sorted by type, keys sorted. */
export function sortedContextKeySelectors(selectors: Json[]): Json[] {
  return selectors
    .map((s) => ({ type: s.type, equals: sorted(s.equals) }))
    .sort((a, b) => String(a.type).localeCompare(String(b.type)));
}

/** A policy given in inputs as its canonical text. */
function withPolicy(out: Json): Json {
  if (out.resourcePolicy === undefined) return out;
  try {
    out.resourcePolicy = canonicalPolicy(out.resourcePolicy);
  } catch {
    // Not JSON yet: a value still unknown in a preview stays as given, and is checked once known.
  }
  return out;
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
    case "TrailInsightSelectors": {
      const out: Json = { ...inputs, insightTypes: sorted(inputs.insightTypes) };
      const categories = insightCategories(inputs.eventCategories);
      if (categories) out.eventCategories = categories;
      else delete out.eventCategories;
      return out;
    }
    case "TrailEventAggregation":
      return {
        ...inputs,
        aggregationConfigurations: ((inputs.aggregationConfigurations as Json[] | undefined) ?? []).map(
          (c) => ({
            ...c,
            templates: sorted(c.templates),
          }),
        ),
      };
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
      // No insight selectors is Insights off, whether written [] or left out (INS-2).
      if (Array.isArray(inputs.insightSelectors) && inputs.insightSelectors.length > 0)
        // A store's Insights are on management events only (INS-6): eventCategories says nothing more.
        out.insightSelectors = (inputs.insightSelectors as Json[])
          .map((s) => ({ insightType: s.insightType }))
          .sort((a, b) => String(a.insightType).localeCompare(String(b.insightType)));
      else delete out.insightSelectors;
      if (Array.isArray(inputs.contextKeySelectors))
        out.contextKeySelectors = sortedContextKeySelectors(inputs.contextKeySelectors as Json[]);
      return withPolicy(out);
    }
    case "Channel": {
      const out: Json = { tags: {}, adopt: false, ...inputs };
      // A channel's destinations are a set (CH-2).
      if (Array.isArray(inputs.destinations))
        out.destinations = [...(inputs.destinations as Json[])].sort((a, b) =>
          String(a.location).localeCompare(String(b.location)),
        );
      return withPolicy(out);
    }
    case "Dashboard": {
      const out: Json = {
        widgets: [],
        terminationProtectionEnabled: false,
        forceDestroy: false,
        adopt: false,
        tags: {},
        ...inputs,
      };
      if (isObject(inputs.refreshSchedule))
        out.refreshSchedule = { status: "ENABLED", ...inputs.refreshSchedule };
      return withPolicy(out);
    }
    default:
      return { ...inputs };
  }
}

/**
 * INS-4's canonical form, so that a refresh never shows a change the user did not make: each
 * type's categories sorted, a type analysing Management alone (AWS's default, which it may or may
 * not report) left out, and no map at all when every type has the default.
 */
export function insightCategories(categories: unknown): Record<string, string[]> | undefined {
  if (categories === null || typeof categories !== "object") return undefined;
  const kept = Object.entries(categories as Record<string, string[]>)
    .map(([type, list]) => [type, [...new Set(list)].sort()] as const)
    .filter(([, list]) => !(list.length === 1 && list[0] === "Management"))
    .sort(([a], [b]) => a.localeCompare(b));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}
