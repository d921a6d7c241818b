import * as pulumi from "@pulumi/pulumi";
import { Trail, TrailEventSelectors, TrailInsightSelectors } from "pulumi-cloudtrail";
import { readSpec } from "../../harness/programs/spec";
import type { PolicyProgramSpec } from "./spec";

/** A resource of another provider, registered with its type token and inputs as its generated class registers it. */
class ForeignResource extends pulumi.CustomResource {
  constructor(type: string, name: string, props: Record<string, unknown>) {
    super(type, name, props);
  }
}

export = function program(): void {
  const spec = readSpec<PolicyProgramSpec>();
  for (const t of spec.trails ?? []) {
    const trail = new Trail(t.resource, t.args);
    if (t.selectors) {
      const { by, ...args } = t.selectors;
      new TrailEventSelectors(`${t.resource}-selectors`, {
        ...args,
        trail: by === "arn" ? trail.arn : trail.name,
      });
    }
    if (t.insights) new TrailInsightSelectors(`${t.resource}-insights`, { ...t.insights, trail: trail.name });
  }
  for (const r of spec.resources ?? []) new ForeignResource(r.type, r.name, r.props);
};
