import type * as pulumi from "@pulumi/pulumi";

// Selector shapes twice: as inputs (any part may be a Pulumi Input) and as the resources report
// them (plain values, normalised by check: defaults filled, value lists sorted).

/** Data events of one resource type in a basic selector (ES-3, ES-4). */
export interface DataResource {
  /** `AWS::S3::Object`, `AWS::Lambda::Function` or `AWS::DynamoDB::Table` (ES-3). */
  type: pulumi.Input<string>;
  /**
   * ARNs or ARN prefixes (ES-4): `arn:aws:s3` or `arn:aws:s3:::` for every bucket,
   * `arn:aws:s3:::bucket/` or `arn:aws:s3:::bucket/prefix`, a function or table ARN; at most 250
   * values across a trail's selectors (ES-2).
   * @default [] (no data events of this type)
   */
  values?: pulumi.Input<pulumi.Input<string>[]>;
}

/** A basic event selector (ES-1 to ES-6). */
export interface EventSelector {
  /** Which events to log: `ReadOnly`, `WriteOnly` or `All` (ES-5). @default "All" */
  readWriteType?: pulumi.Input<"ReadOnly" | "WriteOnly" | "All">;
  /** Log management events (ES-5). @default true */
  includeManagementEvents?: pulumi.Input<boolean>;
  /** Data events to log, at most 250 values across a trail's selectors (ES-2 to ES-4). @default [] */
  dataResources?: pulumi.Input<pulumi.Input<DataResource>[]>;
  /** Management event sources not to log: `kms.amazonaws.com`, `rdsdata.amazonaws.com` (ES-6). @default [] */
  excludeManagementEventSources?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * One condition of an advanced selector: a field and at least one operator with 1 or more values
 * of 1 to 2048 characters each, no `*` wildcards (AES-2, AES-11). Operators left out do not apply.
 */
export interface FieldSelector {
  /**
   * The event field (AES-2 to AES-8): `eventCategory` (required in every selector, AES-3),
   * `readOnly` (AES-4), `resources.type` (AES-5), `resources.ARN` (AES-6), `eventSource` (AES-7),
   * `eventName` (AES-8), …; an unknown field is a warning (VALIDATION-2).
   */
  field: pulumi.Input<string>;
  /** Exact values (AES-2). @default none */
  equals?: pulumi.Input<pulumi.Input<string>[]>;
  /** Prefixes (AES-2). @default none */
  startsWith?: pulumi.Input<pulumi.Input<string>[]>;
  /** Suffixes (AES-2). @default none */
  endsWith?: pulumi.Input<pulumi.Input<string>[]>;
  /** Values excluded (AES-2). @default none */
  notEquals?: pulumi.Input<pulumi.Input<string>[]>;
  /** Prefixes excluded (AES-2). @default none */
  notStartsWith?: pulumi.Input<pulumi.Input<string>[]>;
  /** Suffixes excluded (AES-2). @default none */
  notEndsWith?: pulumi.Input<pulumi.Input<string>[]>;
}

/** An advanced event selector: an event is logged when all its field selectors match (AES-1). */
export interface AdvancedEventSelector {
  /** A label such as "S3 data events of the audit bucket", at most 1000 characters (AES-1). @default none */
  name?: pulumi.Input<string>;
  /** The conditions, at least one (AES-1); `eventCategory` is required (AES-3). */
  fieldSelectors: pulumi.Input<pulumi.Input<FieldSelector>[]>;
}

/** {@link DataResource} as a resource reports it: values sorted (ES-3, ES-4). */
export interface DataResourceState {
  /** The resource type (ES-3). */
  type: string;
  /** ARNs or ARN prefixes, sorted (ES-4). */
  values: string[];
}

/** {@link EventSelector} as a resource reports it: ES-5's defaults filled, lists sorted. */
export interface EventSelectorState {
  /** `ReadOnly`, `WriteOnly` or `All` (ES-5). */
  readWriteType: "ReadOnly" | "WriteOnly" | "All";
  /** Whether management events are logged (ES-5). */
  includeManagementEvents: boolean;
  /** Data events logged (ES-2 to ES-4). */
  dataResources: DataResourceState[];
  /** Management event sources not logged, sorted (ES-6). */
  excludeManagementEventSources: string[];
}

/** {@link FieldSelector} as a resource reports it: only the operators given, values sorted (AES-2). */
export interface FieldSelectorState {
  /** The event field (AES-2 to AES-8). */
  field: string;
  /** Exact values (AES-2). */
  equals?: string[];
  /** Prefixes (AES-2). */
  startsWith?: string[];
  /** Suffixes (AES-2). */
  endsWith?: string[];
  /** Values excluded (AES-2). */
  notEquals?: string[];
  /** Prefixes excluded (AES-2). */
  notStartsWith?: string[];
  /** Suffixes excluded (AES-2). */
  notEndsWith?: string[];
}

/** {@link AdvancedEventSelector} as a resource reports it: conditions ordered by field (AES-1). */
export interface AdvancedEventSelectorState {
  /** The selector's label, when it has one (AES-1). */
  name?: string;
  /** The conditions, ordered by field (AES-1). */
  fieldSelectors: FieldSelectorState[];
}
