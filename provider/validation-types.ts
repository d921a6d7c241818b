// The types validate.ts, rules.ts and normalize.ts share, in a module of their own so that
// none of them imports another for a type.

/** The resource kinds, and the arguments of the data-plane functions, that schema.json describes. */
export const KINDS = [
  "Trail",
  "TrailEventSelectors",
  "TrailInsightSelectors",
  "EventDataStore",
  "Channel",
  "Dashboard",
  "DashboardRefresh",
  "LakeImport",
  "OrganizationDelegatedAdmin",
  "AuditEvents",
  "Query",
  "SampleQuerySearch",
  "GenerateQuery",
  "LookupEvents",
  "ValidateLogs",
  "AthenaTrailTable",
  "TrailEventAggregation",
  "InsightsMetricData",
  "InsightsData",
] as const;
export type Kind = (typeof KINDS)[number];

/** The kinds with a resource class in sdk/ (and a provider); the others are function arguments. */
export const RESOURCE_KINDS = [
  "Trail",
  "TrailEventSelectors",
  "TrailInsightSelectors",
  "TrailEventAggregation",
  "EventDataStore",
  "Channel",
  "Dashboard",
  "LakeImport",
  "OrganizationDelegatedAdmin",
] as const satisfies readonly Kind[];

/** One problem with an input, in Pulumi's CheckFailure form. */
export type CheckFailure = {
  /** Path as a user writes it, such as `advancedEventSelectors[1].fieldSelectors[0].equals`; "" for the whole input. */
  property: string;
  /** What is wrong and how to fix it, ending with the rule id. */
  reason: string;
};

export type ValidationResult = {
  /** Every failure at once; the input is valid when there are none. */
  failures: CheckFailure[];
  /** VALIDATION-2: unknown fields or resource types, reported but not fatal unless validation is "strict". */
  warnings: CheckFailure[];
  /** The input with defaults filled and order-free lists sorted; present when there are no failures. */
  normalized?: Record<string, unknown>;
};
