import type { Inputs } from "./input";
import type {
  DataResource as PlainDataResource,
  EventSelector as PlainEventSelector,
  FieldSelector as PlainFieldSelector,
  AdvancedEventSelector as PlainAdvancedEventSelector,
} from "./inputs";

// Selector shapes twice: as inputs (schema.json's, where any part may be a Pulumi Input) and as
// the resources report them (plain values, normalised by check: defaults filled, value lists sorted).

/** sdk/inputs.ts's DataResource as a program may pass it: every value may be a Pulumi `Input`. */
export interface DataResource extends Inputs<PlainDataResource> {}

/** sdk/inputs.ts's EventSelector as a program may pass it: every value may be a Pulumi `Input`. */
export interface EventSelector extends Inputs<PlainEventSelector> {}

/** sdk/inputs.ts's FieldSelector as a program may pass it: every value may be a Pulumi `Input`. */
export interface FieldSelector extends Inputs<PlainFieldSelector> {}

/** sdk/inputs.ts's AdvancedEventSelector as a program may pass it: every value may be a Pulumi `Input`. */
export interface AdvancedEventSelector extends Inputs<PlainAdvancedEventSelector> {}

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
