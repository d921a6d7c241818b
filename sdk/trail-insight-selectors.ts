import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "./lazy-provider";
import type { Inputs } from "./input";
import type { TrailInsightSelectorsInputs } from "./inputs";

/** Inputs of a {@link TrailInsightSelectors}: every value may be a Pulumi `Input` (shape and docs: schema.json). */
export interface TrailInsightSelectorsArgs extends Inputs<TrailInsightSelectorsInputs> {}

/** The types of CloudTrail Insights (INS-1). */
export type InsightType = "ApiCallRateInsight" | "ApiErrorRateInsight";
/** The events an insight type analyses (INS-4). */
export type InsightEventCategory = "Management" | "Data";

const provider = lazyProvider(
  "pulumi-cloudtrail/dist/provider/trail-insight-selectors",
  "trailInsightSelectorsProvider",
);

/** CloudTrail Insights on one trail. Deleting the resource turns Insights off (INS-2). */
export class TrailInsightSelectors extends pulumi.dynamic.Resource {
  /** The trail as given, by name or ARN (NAME-1). */
  declare readonly trail: pulumi.Output<string>;
  /** ARN of the trail; also the resource id (NAME-1). */
  declare readonly trailArn: pulumi.Output<string>;
  /** The insight types, sorted; empty when Insights are off (INS-1, INS-2). */
  declare readonly insightTypes: pulumi.Output<InsightType[]>;
  /** The types that analyse more or other than management events, with their categories sorted; absent when every type has the default (INS-4). */
  declare readonly eventCategories: pulumi.Output<
    Partial<Record<InsightType, InsightEventCategory[]>> | undefined
  >;

  /**
   * Reads a trail's Insights into the program without managing them: the stack never puts or
   * turns them off.
   * @param name the resource name in this stack
   * @param id the trail's ARN
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): TrailInsightSelectors {
    return new TrailInsightSelectors(name, {} as TrailInsightSelectorsArgs, { ...opts, id });
  }

  constructor(name: string, args: TrailInsightSelectorsArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is a key of the props, so that one read by `get` has them all.
    const outputs = {
      trail: undefined,
      trailArn: undefined,
      insightTypes: undefined,
      eventCategories: undefined,
    };
    super(provider, name, { ...outputs, ...args }, opts, "cloudtrail", "TrailInsightSelectors");
  }
}
