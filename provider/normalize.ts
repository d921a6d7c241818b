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
        tags: {},
        validation: "warn",
        ...inputs,
      };
      if (inputs.advancedEventSelectors)
        out.advancedEventSelectors = (inputs.advancedEventSelectors as Json[]).map(normalizeAdvancedSelector);
      return out;
    }
    case "Channel":
      return { tags: {}, ...inputs };
    default:
      return { ...inputs };
  }
}
