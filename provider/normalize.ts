import type {
  AdvancedEventSelector,
  ChannelInputs,
  ContextKeySelector,
  DashboardInputs,
  DataResource,
  EventDataStoreInputs,
  EventSelector,
  FieldSelector,
  TrailEventAggregationInputs,
  TrailEventSelectorsInputs,
  TrailInputs,
  TrailInsightSelectorsInputs,
} from "../sdk/inputs";
import { OPERATORS, isObject } from "./rules";
import type { Kind } from "./validation-types";

// Normalisation, kept apart from validation (ajv never changes the data): defaults filled and
// lists whose order has no meaning sorted, so that diff compares like with like. It runs on inputs
// schema.json accepted, so they have the shapes of sdk/inputs.ts.

type Json = Record<string, unknown>;

const sorted = <T extends string>(values: readonly T[] | undefined): T[] => [...(values ?? [])].sort();

/** An advanced selector with its conditions ordered by field and each value list sorted. */
export function normalizeAdvancedSelector(selector: AdvancedEventSelector): AdvancedEventSelector {
  const fieldSelectors = selector.fieldSelectors.map((fs) => {
    const out: FieldSelector = { field: fs.field };
    for (const op of OPERATORS) if (fs[op] !== undefined) out[op] = sorted(fs[op]);
    return out;
  });
  fieldSelectors.sort((a, b) => a.field.localeCompare(b.field));
  return selector.name === undefined ? { fieldSelectors } : { name: selector.name, fieldSelectors };
}

/**
 * An event data store's selectors, each normalised, in a fixed order: a store's selectors are
 * alternatives (an event is kept when any matches), so their order has no meaning (EDS-13).
 */
export function sortedSelectors(selectors: AdvancedEventSelector[]): AdvancedEventSelector[] {
  return selectors
    .map(normalizeAdvancedSelector)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** A basic selector once check has filled ES-5's defaults: every member given. */
export type NormalizedEventSelector = Required<Omit<EventSelector, "dataResources">> & {
  dataResources: Required<DataResource>[];
};

/** A basic selector with ES-5's defaults and its value lists sorted. */
export function normalizeEventSelector(selector: EventSelector): NormalizedEventSelector {
  return {
    readWriteType: selector.readWriteType ?? "All",
    includeManagementEvents: selector.includeManagementEvents ?? true,
    dataResources: (selector.dataResources ?? []).map((dr) => ({
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
export function sortedContextKeySelectors(selectors: ContextKeySelector[]): ContextKeySelector[] {
  return selectors
    .map((s) => ({ type: s.type, equals: sorted(s.equals) }))
    .sort((a, b) => a.type.localeCompare(b.type));
}

/** A policy given in inputs as its canonical text. */
function withPolicy<T extends { resourcePolicy?: unknown }>(out: T): T {
  if (out.resourcePolicy === undefined) return out;
  try {
    out.resourcePolicy = canonicalPolicy(out.resourcePolicy);
  } catch {
    // Not JSON yet: a value still unknown in a preview stays as given, and is checked once known.
  }
  return out;
}

/**
 * The inputs of `kind` normalised. schema.json accepted them (check normalises nothing else), so
 * they have the kind's shape of sdk/inputs.ts.
 */
export function normalize(kind: Kind, inputs: object): Json {
  switch (kind) {
    case "Trail":
      return { ...normalizeTrail(inputs as TrailInputs) };
    case "TrailEventSelectors":
      return { ...normalizeTrailSelectors(inputs as TrailEventSelectorsInputs) };
    case "TrailInsightSelectors":
      return { ...normalizeTrailInsights(inputs as TrailInsightSelectorsInputs) };
    case "TrailEventAggregation":
      return { ...normalizeAggregation(inputs as TrailEventAggregationInputs) };
    case "EventDataStore":
      return { ...withPolicy(normalizeStore(inputs as EventDataStoreInputs)) };
    case "Channel":
      return { ...withPolicy(normalizeChannel(inputs as ChannelInputs)) };
    case "Dashboard":
      return { ...withPolicy(normalizeDashboard(inputs as DashboardInputs)) };
    default:
      return { ...inputs };
  }
}

/** A trail's defaults (TRAIL-5, TRAIL-7). */
function normalizeTrail(inputs: TrailInputs): TrailInputs {
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
}

/** A trail's selectors, basic (ES-5's defaults) or advanced, normalised. */
function normalizeTrailSelectors(inputs: TrailEventSelectorsInputs): TrailEventSelectorsInputs {
  const out: TrailEventSelectorsInputs = { ...inputs, validation: inputs.validation ?? "warn" };
  if (inputs.eventSelectors) out.eventSelectors = inputs.eventSelectors.map(normalizeEventSelector);
  if (inputs.advancedEventSelectors)
    out.advancedEventSelectors = inputs.advancedEventSelectors.map(normalizeAdvancedSelector);
  return out;
}

/** Insight types as a set, and INS-4's categories in their canonical form. */
function normalizeTrailInsights(inputs: TrailInsightSelectorsInputs): TrailInsightSelectorsInputs {
  const out: TrailInsightSelectorsInputs = { ...inputs, insightTypes: sorted(inputs.insightTypes) };
  const categories = insightCategories(inputs.eventCategories);
  if (categories) out.eventCategories = categories;
  else delete out.eventCategories;
  return out;
}

/** Each configuration's templates as a set (AGG-2). */
function normalizeAggregation(inputs: TrailEventAggregationInputs): TrailEventAggregationInputs {
  return {
    ...inputs,
    aggregationConfigurations: (inputs.aggregationConfigurations ?? []).map((c) => ({
      ...c,
      templates: sorted(c.templates),
    })),
  };
}

/** An event data store's defaults (EDS-2, EDS-3, EDS-9, EDS-10), its selectors and Insights as sets. */
function normalizeStore(inputs: EventDataStoreInputs): EventDataStoreInputs {
  {
    const out: EventDataStoreInputs = {
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
      out.advancedEventSelectors = sortedSelectors(inputs.advancedEventSelectors);
    // No insight selectors is Insights off, whether written [] or left out (INS-2).
    if (Array.isArray(inputs.insightSelectors) && inputs.insightSelectors.length > 0)
      // A store's Insights are on management events only (INS-6): eventCategories says nothing more.
      out.insightSelectors = inputs.insightSelectors
        .map((s) => ({ insightType: s.insightType }))
        .sort((a, b) => a.insightType.localeCompare(b.insightType));
    else delete out.insightSelectors;
    if (Array.isArray(inputs.contextKeySelectors))
      out.contextKeySelectors = sortedContextKeySelectors(inputs.contextKeySelectors);
    return out;
  }
}

/** A channel's defaults; its destinations are a set (CH-2). */
function normalizeChannel(inputs: ChannelInputs): ChannelInputs {
  const out: ChannelInputs = { tags: {}, adopt: false, ...inputs };
  if (Array.isArray(inputs.destinations))
    out.destinations = [...inputs.destinations].sort((a, b) => a.location.localeCompare(b.location));
  return out;
}

/** A dashboard's defaults (DASH-1), a schedule's status included (DASH-4). */
function normalizeDashboard(inputs: DashboardInputs): DashboardInputs {
  const out: DashboardInputs = {
    widgets: [],
    terminationProtectionEnabled: false,
    forceDestroy: false,
    adopt: false,
    tags: {},
    ...inputs,
  };
  if (isObject(inputs.refreshSchedule))
    out.refreshSchedule = { status: "ENABLED", ...inputs.refreshSchedule };
  return out;
}

/**
 * INS-4's canonical form, so that a refresh never shows a change the user did not make: each
 * type's categories sorted, a type analysing Management alone (AWS's default, which it may or may
 * not report) left out, and no map at all when every type has the default.
 */
export function insightCategories(
  categories: TrailInsightSelectorsInputs["eventCategories"] | null,
): TrailInsightSelectorsInputs["eventCategories"] {
  if (categories === null || typeof categories !== "object") return undefined;
  const kept = Object.entries(categories as Record<string, ("Management" | "Data")[]>)
    .map(([type, list]) => [type, [...new Set(list)].sort()] as const)
    .filter(([, list]) => !(list.length === 1 && list[0] === "Management"))
    .sort(([a], [b]) => a.localeCompare(b));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}
