import * as pulumi from "@pulumi/pulumi";
import { EventDataStore, Trail, TrailEventSelectors, TrailInsightSelectors } from "pulumi-cloudtrail";
import { STORES, TRAILS } from "../api-minimum";

/**
 * The convergence benchmark's stack: `bench:trails` trails and `bench:stores` stores. Config
 * `bench:revision` 1 changes one property of each resource that has one to change: a trail's tag
 * (AddTags), a store's retention (UpdateEventDataStore).
 */
export = function program(): Record<string, pulumi.Output<unknown>> {
  const config = new pulumi.Config("bench");
  const revision = config.getNumber("revision") ?? 0;
  const outputs: Record<string, pulumi.Output<unknown>> = {};
  for (let i = 0; i < (config.getNumber("trails") ?? TRAILS); i++) {
    const trail = new Trail(`trail-${i}`, {
      s3BucketName: "bench-logs",
      enableLogging: true,
      tags: { revision: String(revision) },
    });
    new TrailEventSelectors(`trail-${i}-selectors`, {
      trail: trail.name,
      advancedEventSelectors: [
        { name: "management", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        {
          name: "s3 writes",
          fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            { field: "readOnly", equals: ["false"] },
          ],
        },
      ],
    });
    new TrailInsightSelectors(`trail-${i}-insights`, {
      trail: trail.name,
      insightTypes: ["ApiCallRateInsight"],
    });
    outputs[`trail${i}`] = trail.arn;
  }
  for (let i = 0; i < (config.getNumber("stores") ?? STORES); i++) {
    const store = new EventDataStore(`store-${i}`, {
      terminationProtectionEnabled: false,
      retentionPeriod: revision === 0 ? 90 : 120,
    });
    outputs[`store${i}`] = store.arn;
  }
  return outputs;
};
