import * as pulumi from "@pulumi/pulumi";
import { Trail, TrailEventSelectors, TrailInsightSelectors } from "pulumi-cloudtrail";

/** A program that reads an existing trail, its selectors and Insights by id (config `test:arn`). */
export = function program(): Record<string, pulumi.Output<unknown>> {
  const arn = new pulumi.Config("test").require("arn");
  const trail = Trail.get("existing", arn);
  const selectors = TrailEventSelectors.get("existing-selectors", arn);
  const insights = TrailInsightSelectors.get("existing-insights", arn);
  return {
    name: trail.name,
    bucket: trail.s3BucketName,
    isLogging: trail.isLogging,
    tags: trail.tags,
    selectorsTrail: selectors.trail,
    // Plain values inside the output: fields read without Input<> in the way.
    selectorFields: selectors.advancedEventSelectors.apply((all) =>
      (all ?? []).flatMap((s) => s.fieldSelectors.map((f) => f.field)),
    ),
    insightTypes: insights.insightTypes,
  };
};
