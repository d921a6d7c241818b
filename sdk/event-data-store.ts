import * as pulumi from "@pulumi/pulumi";
import { warnOfInputs } from "./input-warnings";
import { lazyProvider } from "./lazy-provider";
import type { ResourcePolicyDocument } from "./resource-policy";
import type { AdvancedEventSelector, AdvancedEventSelectorState } from "./selectors";

type InsightType = "ApiCallRateInsight" | "ApiErrorRateInsight";

/** Context keys added to a store's events (PutEventConfiguration). */
export interface ContextKeySelector {
  /** Where the keys come from: the request's context or the resource's tags. */
  type: pulumi.Input<"RequestContext" | "TagContext">;
  /** The keys, 1 to 50 of 1 to 128 characters; compared as a set. */
  equals: pulumi.Input<pulumi.Input<string>[]>;
}

/** Inputs of an {@link EventDataStore}. */
export interface EventDataStoreArgs {
  /**
   * The store's name: 3 to 128 letters, digits, `.`, `_` or `-` (NAME-2); changes in place.
   * @default the resource name, a dash and 7 hex digits derived from the project, stack and resource name
   */
  name?: pulumi.Input<string>;
  /**
   * What the store collects (AES-*, at most 5, AES-10); compared as a set, so order never shows a
   * change. The event categories a store holds never change (EDS-13): a new category replaces it.
   * @default all management events (AWS's default selector)
   */
  advancedEventSelectors?: pulumi.Input<pulumi.Input<AdvancedEventSelector>[]>;
  /** Collect events of every region. @default true */
  multiRegionEnabled?: pulumi.Input<boolean>;
  /** Collect events of every account of the organization (management account only). @default false */
  organizationEnabled?: pulumi.Input<boolean>;
  /** Days events are kept: 7 to 3653, at most 2557 with fixed pricing (EDS-2). @default 2557 */
  retentionPeriod?: pulumi.Input<number>;
  /** Pricing plan (EDS-2); fixed may become extendable in place, never back (EDS-12: replaces). @default "EXTENDABLE_RETENTION_PRICING" */
  billingMode?: pulumi.Input<"EXTENDABLE_RETENTION_PRICING" | "FIXED_RETENTION_PRICING">;
  /** KMS key of the events (NAME-5); may be added in place, never removed or changed (EDS-12: replaces). @default none (AWS-owned key) */
  kmsKeyId?: pulumi.Input<string>;
  /** Refuse deletion (EDS-3); this resource's destroy and replacement refuse it too unless `forceDestroy`. @default true */
  terminationProtectionEnabled?: pulumi.Input<boolean>;
  /** Whether new events reach the store (EDS-8, EDS-9); stores of CloudTrail events only. @default true */
  ingestionEnabled?: pulumi.Input<boolean>;
  /** Lake query federation (EDS-10); needs federationRoleArn. @default false */
  federationEnabled?: pulumi.Input<boolean>;
  /** IAM role ARN federation uses (EDS-10). @default none */
  federationRoleArn?: pulumi.Input<string>;
  /**
   * Insights on the store's management events (EDS-14, INS-1); needs insightsDestination. A store
   * takes no Insights on data events: `eventCategories`, if given, is `["Management"]` (INS-6).
   * @default none
   */
  insightSelectors?: pulumi.Input<
    pulumi.Input<{ insightType: pulumi.Input<InsightType>; eventCategories?: pulumi.Input<"Management"[]> }>[]
  >;
  /** ARN of a store whose selectors collect the `Insight` category: where Insights events go (EDS-14, NAME-2). @default none */
  insightsDestination?: pulumi.Input<string>;
  /** Tags, at most 50 (NAME-6); an update adds and removes only the keys that changed. @default {} */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Resource-based policy of the store (PutResourcePolicy), e.g. which accounts may query it: a
   * policy document, as an object or as its JSON text. Check refuses text that is not JSON and
   * statements without Effect or Principal. Compared as JSON (key order and spacing never show a
   * change); removing it deletes the store's policy.
   * @default none
   */
  resourcePolicy?: pulumi.Input<string | ResourcePolicyDocument>;
  /**
   * Largest event the store keeps (PutEventConfiguration): `Standard` (256 KB) or `Large` (1 MB);
   * `Large` is required by contextKeySelectors. Stores of CloudTrail events only (EDS-13).
   * @default "Standard" (no call is made while neither this nor contextKeySelectors is declared)
   */
  maxEventSize?: pulumi.Input<"Standard" | "Large">;
  /**
   * Request or tag context keys added to the store's events (PutEventConfiguration), at most 2
   * selectors (one per type); need maxEventSize `Large`. Stores of CloudTrail events only (EDS-13).
   * @default none
   */
  contextKeySelectors?: pulumi.Input<pulumi.Input<ContextKeySelector>[]>;
  /**
   * Take over a live store of this name at create and bring it to the declared settings (output
   * `adopted`); what is left undeclared stays as the store has it, but for termination
   * protection (on unless declared off). A store of this name pending deletion is restored
   * whatever this says (EDS-5).
   * @default false
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * Let destroy and replacement delete the store although it is protected: protection and
   * federation are turned off, then it is deleted (restorable for 7 days, EDS-4). Without it a
   * protected store is never deleted (EDS-3). Must be in state (an up) before the destroy.
   * @default false
   */
  forceDestroy?: pulumi.Input<boolean>;
  /** VALIDATION-2: `strict` makes unknown fields failures. @default "warn" */
  validation?: pulumi.Input<"warn" | "strict">;
}

const OUTPUTS = [
  "name",
  "arn",
  "status",
  "advancedEventSelectors",
  "multiRegionEnabled",
  "organizationEnabled",
  "retentionPeriod",
  "billingMode",
  "kmsKeyId",
  "kmsKeyArn",
  "terminationProtectionEnabled",
  "ingestionEnabled",
  "federationEnabled",
  "federationRoleArn",
  "federationStatus",
  "insightSelectors",
  "insightsDestination",
  "tags",
  "resourcePolicy",
  "maxEventSize",
  "contextKeySelectors",
  "createdTimestamp",
  "updatedTimestamp",
  "partitionKeys",
  "forceDestroy",
  "adopted",
  "restored",
];

const provider = lazyProvider("pulumi-cloudtrail/dist/provider/event-data-store", "eventDataStoreProvider");

/**
 * A CloudTrail Lake event data store. Protected by default: destroy refuses it unless
 * `forceDestroy`. Creating a store whose name belongs to one pending deletion restores that store
 * (same ARN, events kept) and brings it to the declared settings (EDS-5).
 */
export class EventDataStore extends pulumi.dynamic.Resource {
  /** The store's name (NAME-2). */
  declare readonly name: pulumi.Output<string>;
  /** The store's ARN; also the resource id (NAME-2). */
  declare readonly arn: pulumi.Output<string>;
  /** CREATED, ENABLED, STARTING_INGESTION, STOPPING_INGESTION or STOPPED_INGESTION, as last read (EDS-8). */
  declare readonly status: pulumi.Output<string>;
  /** The selectors, normalised and sorted (AES-*, at most 5: AES-10); undefined while AWS's default (all management events) applies. */
  declare readonly advancedEventSelectors: pulumi.Output<AdvancedEventSelectorState[] | undefined>;
  /** Whether events of every region are collected. */
  declare readonly multiRegionEnabled: pulumi.Output<boolean>;
  /** Whether events of every account of the organization are collected. */
  declare readonly organizationEnabled: pulumi.Output<boolean>;
  /** Days events are kept (EDS-2). */
  declare readonly retentionPeriod: pulumi.Output<number>;
  /** Pricing plan (EDS-2, EDS-12). */
  declare readonly billingMode: pulumi.Output<string>;
  /** The KMS key as given (NAME-5); undefined when none. */
  declare readonly kmsKeyId: pulumi.Output<string | undefined>;
  /** The key ARN CloudTrail reports; undefined when none. */
  declare readonly kmsKeyArn: pulumi.Output<string | undefined>;
  /** Whether termination protection is on (EDS-3). */
  declare readonly terminationProtectionEnabled: pulumi.Output<boolean>;
  /** Whether new events reach the store (EDS-9). */
  declare readonly ingestionEnabled: pulumi.Output<boolean>;
  /** Whether federation is enabled (EDS-10). */
  declare readonly federationEnabled: pulumi.Output<boolean>;
  /** The federation role; undefined when federation is off (EDS-10). */
  declare readonly federationRoleArn: pulumi.Output<string | undefined>;
  /** ENABLED or DISABLED, as CloudTrail reports it (EDS-10). */
  declare readonly federationStatus: pulumi.Output<string>;
  /** The Insights types, sorted (INS-1); undefined when Insights are off (EDS-14). */
  declare readonly insightSelectors: pulumi.Output<{ insightType: InsightType }[] | undefined>;
  /** ARN of the store receiving Insights events (NAME-2); undefined when Insights are off (EDS-14). */
  declare readonly insightsDestination: pulumi.Output<string | undefined>;
  /** The store's tags (NAME-6). */
  declare readonly tags: pulumi.Output<Record<string, string>>;
  /** The store's resource policy as compact JSON with sorted keys; undefined when it has none. */
  declare readonly resourcePolicy: pulumi.Output<string | undefined>;
  /** `Standard` or `Large`; undefined while AWS's default (Standard) applies and none is declared. */
  declare readonly maxEventSize: pulumi.Output<"Standard" | "Large" | undefined>;
  /** The context key selectors, sorted by type with sorted keys; undefined while none are declared or set. */
  declare readonly contextKeySelectors: pulumi.Output<
    { type: "RequestContext" | "TagContext"; equals: string[] }[] | undefined
  >;
  /** When the store was created (ISO 8601). */
  declare readonly createdTimestamp: pulumi.Output<string>;
  /**
   * The keys Lake partitions the store's events by, as GetEventDataStore reports them (EDS-16),
   * such as `{ name: "eventTime", type: "timestamp" }`: filter on them to scan less. Undefined until
   * read when AWS reports none.
   */
  declare readonly partitionKeys: pulumi.Output<{ name: string; type: string }[] | undefined>;
  /** When the store's settings last changed (ISO 8601). */
  declare readonly updatedTimestamp: pulumi.Output<string>;
  /** Whether destroy may delete the store although it is protected. */
  declare readonly forceDestroy: pulumi.Output<boolean>;
  /** True when create took over a live store (`adopt`). */
  declare readonly adopted: pulumi.Output<boolean | undefined>;
  /** True when create restored a store of this name that was pending deletion (EDS-5). */
  declare readonly restored: pulumi.Output<boolean | undefined>;

  /**
   * Reads an existing store into the program without managing it: the stack never creates,
   * changes or deletes it.
   * @param name the resource name in this stack
   * @param id the store's ARN
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): EventDataStore {
    return new EventDataStore(name, {} as EventDataStoreArgs, { ...opts, id });
  }

  constructor(name: string, args: EventDataStoreArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output must be a key of the registered props, or Pulumi gives the resource no such property.
    const outputs = Object.fromEntries(OUTPUTS.map((k) => [k, undefined]));
    const naming = { __autoName: name, __stack: `${pulumi.getProject()}/${pulumi.getStack()}` };
    super(provider, name, { ...outputs, ...args, ...naming }, opts, "cloudtrail", "EventDataStore");
    if (!opts?.id) warnOfInputs("EventDataStore", args, this);
  }
}
