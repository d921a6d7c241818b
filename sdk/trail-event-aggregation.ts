import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "./lazy-provider";

/** A summary CloudTrail builds of a trail's data events every 5 minutes (AGG-2). */
export type AggregationTemplate = "API_ACTIVITY" | "RESOURCE_ACCESS" | "USER_ACTIONS";

/** How one category of a trail's events is aggregated (AGG-1, AGG-2). */
export interface AggregationConfiguration {
  /** The events aggregated; `Data` is the one category AWS aggregates (AGG-1). */
  eventCategory: "Data";
  /** The summaries to build, 1 to 50, each once (AGG-2); order has no meaning. */
  templates: AggregationTemplate[];
}

/** Inputs of {@link TrailEventAggregation}. */
export interface TrailEventAggregationArgs {
  /** The trail, by name or ARN (NAME-1); changing it replaces the resource. The trail must log data events (AGG-3). */
  trail: pulumi.Input<string>;
  /** At most one configuration (AGG-1); an empty list turns aggregation off (AGG-4). */
  aggregationConfigurations: pulumi.Input<pulumi.Input<AggregationConfiguration>[]>;
}

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
