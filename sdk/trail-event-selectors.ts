import * as pulumi from "@pulumi/pulumi";
import { warnOfInputs } from "./input-warnings";
import { lazyProvider } from "./lazy-provider";
import type { AdvancedEventSelectorState, EventSelectorState } from "./selectors";
import type { Inputs } from "./input";
import type { TrailEventSelectorsInputs } from "./inputs";

/** Inputs of a {@link TrailEventSelectors}: every value may be a Pulumi `Input` (shape and docs: schema.json). */
export interface TrailEventSelectorsArgs extends Inputs<TrailEventSelectorsInputs> {}

const provider = lazyProvider(
  "pulumi-cloudtrail/dist/provider/trail-event-selectors",
  "trailEventSelectorsProvider",
);

/**
 * The event selectors of one trail, basic or advanced. Deleting the resource puts the trail's
 * default back: all management events, no data events (TRAIL-8).
 */
export class TrailEventSelectors extends pulumi.dynamic.Resource {
  /** The trail as given, by name or ARN (NAME-1). */
  declare readonly trail: pulumi.Output<string>;
  /** ARN of the trail the selectors belong to; also the resource id (NAME-1). */
  declare readonly trailArn: pulumi.Output<string>;
  /** The basic selectors, normalised (ES-1 to ES-6); undefined when the trail has advanced ones (ES-7). */
  declare readonly eventSelectors: pulumi.Output<EventSelectorState[] | undefined>;
  /** The advanced selectors, normalised (AES-1 to AES-11); undefined when the trail has basic ones (ES-7). */
  declare readonly advancedEventSelectors: pulumi.Output<AdvancedEventSelectorState[] | undefined>;

  /**
   * Reads a trail's selectors into the program without managing them: the stack never puts or
   * resets them.
   * @param name the resource name in this stack
   * @param id the trail's ARN
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): TrailEventSelectors {
    return new TrailEventSelectors(name, {} as TrailEventSelectorsArgs, { ...opts, id });
  }

  constructor(name: string, args: TrailEventSelectorsArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is a key of the props, so that one read by `get` has them all.
    const outputs = {
      trail: undefined,
      trailArn: undefined,
      eventSelectors: undefined,
      advancedEventSelectors: undefined,
    };
    super(provider, name, { ...outputs, ...args }, opts, "cloudtrail", "TrailEventSelectors");
    // A resource read by `get` has no inputs of the program's to judge.
    if (!opts?.id) warnOfInputs("TrailEventSelectors", args, this);
  }
}
