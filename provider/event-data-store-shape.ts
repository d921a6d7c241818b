import type {
  AdvancedEventSelector,
  GetEventConfigurationResponse,
  GetEventDataStoreResponse,
  InsightSelector,
} from "@aws-sdk/client-cloudtrail";
import type { Tags } from "./converge";
import { sortedContextKeySelectors, sortedSelectors } from "./normalize";
import { defined, lower, pick, type Props } from "./props";
import { toWireAdvancedSelector } from "./selector-shape";

// An event data store's wire mapping: the outputs from what CloudTrail reports, selectors both
// ways, and the states a store settles in, so that a refresh shows no passing state as drift.

/** Inputs and outputs that CloudTrail does not hold: carried from one state to the next. */
export const CARRIED = ["adopt", "adopted", "restored", "forceDestroy", "validation", "__autoName"];

/** What a store created without selectors collects (AWS's default): every management event. */
const DEFAULT_SELECTORS = sortedSelectors([
  { name: "Default management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
]);

/** CloudTrail's own categories share one kind of store; every other category is a kind of its own (EDS-13). */
const CLOUDTRAIL_CATEGORIES = ["Management", "Data", "NetworkActivity"];

/** What a store has besides GetEventDataStore's answer: Insights, tags, policy, event configuration. */
export interface StoreExtras {
  insights: { selectors: InsightSelector[]; destination?: string };
  tags: Tags;
  resourcePolicy?: string;
  eventConfiguration?: GetEventConfigurationResponse;
}

/** The selectors in effect: the declared ones, else AWS's default. */
export const selectorsOf = (props: Props) =>
  (props.advancedEventSelectors as Props[] | undefined) ?? DEFAULT_SELECTORS;

export const sameSelectors = (a: Props[], b: Props[]) => JSON.stringify(a) === JSON.stringify(b);

/** The kind of store the selectors make (EDS-13): a store keeps it for life. */
export function storeKind(selectors: Props[]): string {
  const found = selectors.flatMap((s) =>
    (s.fieldSelectors as Props[])
      .filter((fs) => fs.field === "eventCategory")
      .flatMap((fs) => (fs.equals as string[] | undefined) ?? []),
  );
  return found.find((c) => !CLOUDTRAIL_CATEGORIES.includes(c)) ?? "CloudTrail events";
}

/**
 * The status a store settles in: CREATED and STARTING_INGESTION lead to ENABLED,
 * STOPPING_INGESTION to STOPPED_INGESTION (EDS-8), so that a refresh shows no passing state as drift.
 */
export function settledStatus(status: string | undefined): string | undefined {
  if (status === "CREATED" || status === "STARTING_INGESTION") return "ENABLED";
  return status === "STOPPING_INGESTION" ? "STOPPED_INGESTION" : status;
}

/** The federation status a store settles in (ENABLING to ENABLED, DISABLING to DISABLED), as for `settledStatus`. */
export const settledFederation = (status: string | undefined) =>
  status === "ENABLING" ? "ENABLED" : status === "DISABLING" || status === undefined ? "DISABLED" : status;
const federating = (status: string | undefined) => settledFederation(status) === "ENABLED";

/** The event configuration in effect: AWS's default (Standard, no context keys) where none is declared. */
export const eventConfiguration = (props: Props) => ({
  maxEventSize: props.maxEventSize ?? "Standard",
  contextKeySelectors: props.contextKeySelectors ?? [],
});

export const sameEventConfiguration = (a: Props, b: Props) =>
  JSON.stringify(eventConfiguration(a)) === JSON.stringify(eventConfiguration(b));

/**
 * Whether the key given names the key the store has: the same text, or an alias, alias ARN, key
 * id or key ARN that AWS reported back as `arn` (NAME-5).
 */
export function sameKmsKey(given: unknown, had: Props): boolean {
  if (given === had.kmsKeyId) return true;
  const arn = String(had.kmsKeyArn ?? had.kmsKeyId ?? "");
  return (
    typeof given === "string" && (given === arn || arn.endsWith(`:${given}`) || arn.endsWith(`:key/${given}`))
  );
}

export const toWireSelectors = (selectors: Props[]): AdvancedEventSelector[] =>
  selectors.map(toWireAdvancedSelector);

export function fromWireSelectors(selectors: AdvancedEventSelector[] | undefined): Props[] {
  return sortedSelectors(
    (selectors ?? []).map((s) => {
      const out: Props = {
        fieldSelectors: (s.FieldSelectors ?? []).map((fs) => {
          const f: Props = {};
          for (const [k, v] of Object.entries(fs)) if (v !== undefined) f[lower(k)] = v;
          return f;
        }),
      };
      if (s.Name !== undefined) out.name = s.Name;
      return out;
    }),
  );
}

/**
 * The inputs as AWS reports them, and the outputs, from GetEventDataStore, GetInsightSelectors,
 * ListTags, GetResourcePolicy and GetEventConfiguration.
 */
export function storeProps(s: GetEventDataStoreResponse, extras: StoreExtras, prior: Props): Props {
  const props: Props = {
    name: s.Name,
    // A store created without selectors reports AWS's default: the input stays omitted then.
    advancedEventSelectors: fromWireSelectors(s.AdvancedEventSelectors),
    multiRegionEnabled: s.MultiRegionEnabled ?? true,
    organizationEnabled: s.OrganizationEnabled ?? false,
    retentionPeriod: s.RetentionPeriod,
    billingMode: s.BillingMode,
    terminationProtectionEnabled: s.TerminationProtectionEnabled ?? false,
    // The key as given (id, alias) while AWS still reports the ARN it reported when it was applied.
    kmsKeyId: s.KmsKeyId && prior.kmsKeyArn === s.KmsKeyId ? (prior.kmsKeyId ?? s.KmsKeyId) : s.KmsKeyId,
    ingestionEnabled: s.Status !== "STOPPED_INGESTION" && s.Status !== "STOPPING_INGESTION",
    ...federationProps(s, prior),
    ...insightsProps(extras.insights, prior),
    tags: extras.tags,
    resourcePolicy: extras.resourcePolicy,
    ...configurationProps(extras.eventConfiguration, prior),
    arn: s.EventDataStoreArn,
    status: settledStatus(s.Status),
    federationStatus: settledFederation(s.FederationStatus),
    kmsKeyArn: s.KmsKeyId,
    createdTimestamp: s.CreatedTimestamp?.toISOString(),
    updatedTimestamp: s.UpdatedTimestamp?.toISOString(),
    partitionKeys: partitionKeys(s),
  };
  if (prior.advancedEventSelectors === undefined && sameSelectors(selectorsOf(props), DEFAULT_SELECTORS))
    delete props.advancedEventSelectors;
  return defined({ ...props, ...pick(prior, CARRIED) });
}

/** EDS-16: the keys Lake partitions the store's events by, as `{ name, type }`; undefined when AWS reports none. */
export function partitionKeys(s: GetEventDataStoreResponse): Props[] | undefined {
  return s.PartitionKeys?.map((k) => ({ name: k.Name, type: k.Type }));
}

function federationProps(s: GetEventDataStoreResponse, prior: Props): Props {
  return {
    federationEnabled: federating(s.FederationStatus),
    // A disabled federation uses no role: the one declared beside it stays as declared.
    federationRoleArn: federating(s.FederationStatus)
      ? s.FederationRoleArn
      : prior.federationEnabled
        ? undefined
        : prior.federationRoleArn,
  };
}

function insightsProps(insights: StoreExtras["insights"], prior: Props): Props {
  const on = insights.selectors.length > 0;
  return {
    insightSelectors: on
      ? insights.selectors
          .map((i) => ({ insightType: i.InsightType }))
          .sort((a, b) => String(a.insightType).localeCompare(String(b.insightType)))
      : undefined,
    // With Insights off the destination is only declared: it stays as declared.
    insightsDestination: on
      ? insights.destination
      : prior.insightSelectors
        ? undefined
        : prior.insightsDestination,
  };
}

/** The event configuration; AWS's default stays omitted where the input omits it, as selectors do. */
function configurationProps(configuration: GetEventConfigurationResponse | undefined, prior: Props): Props {
  if (!configuration) return { maxEventSize: undefined, contextKeySelectors: undefined };
  const maxEventSize = configuration.MaxEventSize;
  const contextKeySelectors = sortedContextKeySelectors(
    (configuration.ContextKeySelectors ?? []).map((c) => ({ type: c.Type, equals: c.Equals })),
  );
  return {
    maxEventSize: prior.maxEventSize === undefined && maxEventSize === "Standard" ? undefined : maxEventSize,
    contextKeySelectors:
      prior.contextKeySelectors === undefined && contextKeySelectors.length === 0
        ? undefined
        : contextKeySelectors,
  };
}
