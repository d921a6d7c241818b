import * as pulumi from "@pulumi/pulumi";
import { Trail, TrailEventSelectors, TrailInsightSelectors } from "pulumi-cloudtrail";

// Defaults in Pulumi.yaml; `pulumi config set <key> <value>` (or Pulumi.<stack>.yaml) overrides them.
const config = new pulumi.Config();
const dataBucket = config.require("dataBucket");
const logBucket = config.require("logBucket");

// One trail for every region, with digest files so that log tampering is detectable. On AWS,
// give it a fixed `trailName`: the log bucket's policy names the trail (see README.md).
const trail = new Trail("org-audit", {
  name: config.get("trailName"),
  s3BucketName: logBucket,
  isMultiRegionTrail: true,
  enableLogFileValidation: true,
  tags: { team: "security", purpose: "audit" },
});

// Advanced selectors: object-level events of one bucket, and management events except KMS
// (Encrypt/Decrypt calls are the noisiest management events and rarely needed for audit).
new TrailEventSelectors("org-audit-selectors", {
  trail: trail.name,
  advancedEventSelectors: [
    {
      name: `S3 data events of ${dataBucket}`,
      fieldSelectors: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "resources.ARN", startsWith: [`arn:aws:s3:::${dataBucket}/`] },
      ],
    },
    {
      name: "Management events except KMS",
      fieldSelectors: [
        { field: "eventCategory", equals: ["Management"] },
        { field: "eventSource", notEquals: ["kms.amazonaws.com"] },
      ],
    },
  ],
});

// Insights flag unusual call and error rates; they need write management events (INS-3).
new TrailInsightSelectors("org-audit-insights", {
  trail: trail.name,
  insightTypes: ["ApiCallRateInsight", "ApiErrorRateInsight"],
});

export const trailName = trail.name;
export const trailArn = trail.arn;
export const logging = trail.isLogging;
