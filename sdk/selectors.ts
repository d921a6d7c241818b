import type * as pulumi from "@pulumi/pulumi";

/** Data events of one resource type in a basic selector (ES-3, ES-4). */
export interface DataResource {
  /** `AWS::S3::Object`, `AWS::Lambda::Function` or `AWS::DynamoDB::Table` (ES-3). */
  type: pulumi.Input<string>;
  /** ARNs or ARN prefixes, e.g. `arn:aws:s3:::bucket/` (ES-4). Default: none. */
  values?: pulumi.Input<pulumi.Input<string>[]>;
}

/** A basic event selector (ES-*). */
export interface EventSelector {
  /** `ReadOnly`, `WriteOnly` or `All` (ES-5). Default `All`. */
  readWriteType?: pulumi.Input<"ReadOnly" | "WriteOnly" | "All">;
  /** Log management events (ES-5). Default true. */
  includeManagementEvents?: pulumi.Input<boolean>;
  /** Data events to log, at most 250 values across a trail's selectors (ES-2). Default none. */
  dataResources?: pulumi.Input<pulumi.Input<DataResource>[]>;
  /** Management event sources not to log: `kms.amazonaws.com`, `rdsdata.amazonaws.com` (ES-6). Default none. */
  excludeManagementEventSources?: pulumi.Input<pulumi.Input<string>[]>;
}

/** One condition of an advanced selector; give at least one operator (AES-2 to AES-8). */
export interface FieldSelector {
  /** The event field: `eventCategory` (required in every selector, AES-3), `readOnly`, `eventSource`, `eventName`, `resources.type`, `resources.ARN`, … (AES-8). */
  field: pulumi.Input<string>;
  /** Exact values. */
  equals?: pulumi.Input<pulumi.Input<string>[]>;
  /** Prefixes. */
  startsWith?: pulumi.Input<pulumi.Input<string>[]>;
  /** Suffixes. */
  endsWith?: pulumi.Input<pulumi.Input<string>[]>;
  /** Values excluded. */
  notEquals?: pulumi.Input<pulumi.Input<string>[]>;
  /** Prefixes excluded. */
  notStartsWith?: pulumi.Input<pulumi.Input<string>[]>;
  /** Suffixes excluded. */
  notEndsWith?: pulumi.Input<pulumi.Input<string>[]>;
}

/** An advanced event selector: an event is logged when all its field selectors match (AES-1). */
export interface AdvancedEventSelector {
  /** A label such as "S3 data events of the audit bucket", at most 1000 characters. Default none. */
  name?: pulumi.Input<string>;
  /** The conditions (AES-1); `eventCategory` is required (AES-3). */
  fieldSelectors: pulumi.Input<pulumi.Input<FieldSelector>[]>;
}
