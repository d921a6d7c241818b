import * as pulumi from "@pulumi/pulumi";
import { warnOfInputs } from "./input-warnings";
import { lazyProvider } from "./lazy-provider";
import type { AdvancedEventSelector, EventSelector } from "./selectors";

/** Inputs of {@link TrailEventSelectors}: give eventSelectors or advancedEventSelectors, not both (ES-7). */
export interface TrailEventSelectorsArgs {
  /** The trail, by name or ARN; changing it replaces the resource. */
  trail: pulumi.Input<string>;
  /** 1 to 5 basic selectors (ES-1). */
  eventSelectors?: pulumi.Input<pulumi.Input<EventSelector>[]>;
  /** Advanced selectors (AES-*): at most 500 values across them (AES-9). */
  advancedEventSelectors?: pulumi.Input<pulumi.Input<AdvancedEventSelector>[]>;
  /** `"strict"` turns VALIDATION-2's warnings (unknown field names, unknown resource types) into failures. Default `"warn"`. */
  validation?: pulumi.Input<"warn" | "strict">;
}

const provider = lazyProvider(
  "pulumi-cloudtrail/dist/provider/trail-event-selectors",
  "trailEventSelectorsProvider",
);

/**
 * The event selectors of one trail, basic or advanced. Deleting the resource puts the trail's
 * default back: all management events, no data events (TRAIL-8).
 */
export class TrailEventSelectors extends pulumi.dynamic.Resource {
  declare readonly trail: pulumi.Output<string>;
  /** ARN of the trail the selectors belong to; also the resource id. */
  declare readonly trailArn: pulumi.Output<string>;
  /** The basic selectors, normalised (defaults filled, value lists sorted). */
  declare readonly eventSelectors: pulumi.Output<EventSelector[] | undefined>;
  /** The advanced selectors, normalised (conditions ordered by field, value lists sorted). */
  declare readonly advancedEventSelectors: pulumi.Output<AdvancedEventSelector[] | undefined>;

  constructor(name: string, args: TrailEventSelectorsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      { trailArn: undefined, eventSelectors: undefined, advancedEventSelectors: undefined, ...args },
      opts,
      "cloudtrail",
      "TrailEventSelectors",
    );
    warnOfInputs("TrailEventSelectors", args, this);
  }
}
