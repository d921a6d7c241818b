import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "./lazy-provider";
import type { Inputs } from "./input";
import type {
  AggregationConfiguration as PlainAggregationConfiguration,
  TrailEventAggregationInputs,
} from "./inputs";

/** A summary CloudTrail builds of a trail's data events every 5 minutes (AGG-2). */
export type AggregationTemplate = "API_ACTIVITY" | "RESOURCE_ACCESS" | "USER_ACTIONS";

/** sdk/inputs.ts's AggregationConfiguration as a program may pass it: every value may be a Pulumi `Input`. */
export interface AggregationConfiguration extends Inputs<PlainAggregationConfiguration> {}

/** Inputs of a {@link TrailEventAggregation}: every value may be a Pulumi `Input` (shape and docs: schema.json). */
export interface TrailEventAggregationArgs extends Inputs<TrailEventAggregationInputs> {}

const provider = lazyProvider(
  "pulumi-cloudtrail/dist/provider/trail-event-aggregation",
  "trailEventAggregationProvider",
);

/**
 * Event aggregation on one trail (PutEventConfiguration with TrailName): 5-minute summaries of
 * the trail's data events. The trail must log data events first (AGG-3): select them with a
 * `TrailEventSelectors` and pass its `trailArn` as `trail`, so this resource follows it.
 * Deleting the resource turns aggregation off (AGG-4).
 */
export class TrailEventAggregation extends pulumi.dynamic.Resource {
  /** The trail as given, by name or ARN (NAME-1). */
  declare readonly trail: pulumi.Output<string>;
  /** ARN of the trail; also the resource id (NAME-1). */
  declare readonly trailArn: pulumi.Output<string>;
  /** The aggregation the trail has, templates sorted; at most one (AGG-1); empty when off (AGG-4). */
  declare readonly aggregationConfigurations: pulumi.Output<AggregationConfiguration[]>;

  /**
   * Reads a trail's aggregation into the program without managing it: the stack never puts or
   * turns it off.
   * @param name the resource name in this stack
   * @param id the trail's ARN
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): TrailEventAggregation {
    return new TrailEventAggregation(name, {} as TrailEventAggregationArgs, { ...opts, id });
  }

  constructor(name: string, args: TrailEventAggregationArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is a key of the props, so that one read by `get` has them all.
    const outputs = { trail: undefined, trailArn: undefined, aggregationConfigurations: undefined };
    super(provider, name, { ...outputs, ...args }, opts, "cloudtrail", "TrailEventAggregation");
  }
}
