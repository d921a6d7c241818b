import * as pulumi from "@pulumi/pulumi";
import { Trail, TrailEventAggregation, TrailEventSelectors, TrailInsightSelectors } from "pulumi-cloudtrail";
import { readSpec } from "./spec";
import type { TrailSpec } from "./trail-spec";

/** A program as a user writes it, shaped by the test's spec so that each run of a test can change it. */
export = function program(): Record<string, pulumi.Output<unknown>> {
  const spec = readSpec<TrailSpec>();
  const trail = new Trail(spec.resource ?? "audit", spec.trail);
  const outputs: Record<string, pulumi.Output<unknown>> = {
    name: trail.name,
    arn: trail.arn,
    isLogging: trail.isLogging,
  };
  let selectors: TrailEventSelectors | undefined;
  if (spec.selectors) {
    const { by, trailRef, resource, late, ...args } = spec.selectors;
    selectors = new TrailEventSelectors(resource ?? "audit-selectors", {
      ...args,
      ...(late
        ? { advancedEventSelectors: trail.name.apply(() => pulumi.output(args.advancedEventSelectors ?? [])) }
        : {}),
      trail: trailRef ?? (by === "arn" ? trail.arn : trail.name),
    });
    outputs.selectorsTrailArn = selectors.trailArn;
  }
  const afterSelectors = { dependsOn: selectors ? [selectors] : [] };
  if (spec.insights) {
    const insights = new TrailInsightSelectors(
      "audit-insights",
      { ...spec.insights, trail: trail.name },
      afterSelectors,
    );
    outputs.insightTypes = insights.insightTypes;
    outputs.eventCategories = insights.eventCategories;
  }
  if (spec.aggregation) {
    const aggregation = new TrailEventAggregation(
      "audit-aggregation",
      { ...spec.aggregation, trail: trail.name },
      afterSelectors,
    );
    outputs.aggregationConfigurations = aggregation.aggregationConfigurations;
  }
  return outputs;
};
