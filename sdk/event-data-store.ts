import * as pulumi from "@pulumi/pulumi";
import { warnOfInputs } from "./input-warnings";
import { lazyProvider } from "./lazy-provider";
import type { AdvancedEventSelectorState } from "./selectors";
import type { Inputs } from "./input";
import type { ContextKeySelector as PlainContextKeySelector, EventDataStoreInputs } from "./inputs";

type InsightType = "ApiCallRateInsight" | "ApiErrorRateInsight";

/** sdk/inputs.ts's ContextKeySelector as a program may pass it: every value may be a Pulumi `Input`. */
export interface ContextKeySelector extends Inputs<PlainContextKeySelector> {}

/** Inputs of a {@link EventDataStore}: every value may be a Pulumi `Input` (shape and docs: schema.json). */
export interface EventDataStoreArgs extends Inputs<EventDataStoreInputs> {}

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
