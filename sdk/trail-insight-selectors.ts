import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "./lazy-provider";

/** Inputs of {@link TrailInsightSelectors}. */
export interface TrailInsightSelectorsArgs {
  /** The trail, by name or ARN; changing it replaces the resource. */
  trail: pulumi.Input<string>;
  /** `ApiCallRateInsight` and/or `ApiErrorRateInsight`, each once (INS-1); the trail must log management events (INS-3). */
  insightTypes: pulumi.Input<pulumi.Input<"ApiCallRateInsight" | "ApiErrorRateInsight">[]>;
}

const provider = lazyProvider(
  "pulumi-cloudtrail/dist/provider/trail-insight-selectors",
  "trailInsightSelectorsProvider",
);

/** CloudTrail Insights on one trail. Deleting the resource turns Insights off (INS-2). */
export class TrailInsightSelectors extends pulumi.dynamic.Resource {
  declare readonly trail: pulumi.Output<string>;
  /** ARN of the trail; also the resource id. */
  declare readonly trailArn: pulumi.Output<string>;
  /** The insight types, sorted. */
  declare readonly insightTypes: pulumi.Output<string[]>;

  constructor(name: string, args: TrailInsightSelectorsArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { trailArn: undefined, ...args }, opts, "cloudtrail", "TrailInsightSelectors");
  }
}
