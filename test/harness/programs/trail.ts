import * as pulumi from "@pulumi/pulumi";
import { Trail, TrailEventSelectors, TrailInsightSelectors } from "pulumi-cloudtrail";
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
  if (spec.selectors) {
    const { by, trailRef, resource, late, ...args } = spec.selectors;
    const selectors = new TrailEventSelectors(resource ?? "audit-selectors", {
      ...args,
      ...(late
        ? { advancedEventSelectors: trail.name.apply(() => pulumi.output(args.advancedEventSelectors ?? [])) }
        : {}),
      trail: trailRef ?? (by === "arn" ? trail.arn : trail.name),
    });
    outputs.selectorsTrailArn = selectors.trailArn;
  }
  if (spec.insights) {
    const insights = new TrailInsightSelectors("audit-insights", { ...spec.insights, trail: trail.name });
    outputs.insightTypes = insights.insightTypes;
  }
  return outputs;
};
