import * as pulumi from "@pulumi/pulumi";
import { Trail, TrailEventSelectors, TrailInsightSelectors } from "pulumi-cloudtrail";

const config = new pulumi.Config();
const dataBucket = config.get("dataBucket") ?? "payroll-data";
const logBucket = config.get("logBucket") ?? "org-audit-logs";

// One trail for every region, with digest files so that log tampering is detectable.
const trail = new Trail("org-audit", {
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
