import * as pulumi from "@pulumi/pulumi";
import { Channel, EventDataStore } from "pulumi-cloudtrail";

const config = new pulumi.Config();

// Where CloudTrail Insights writes the unusual-activity events it detects (EDS-14).
const insights = new EventDataStore("insights", {
  name: "lake-audit-insights",
  advancedEventSelectors: [
    { name: "Insights events", fieldSelectors: [{ field: "eventCategory", equals: ["Insight"] }] },
  ],
});

// Every management event of every region, protected against deletion (the default, EDS-3),
// with Insights on API call and error rates.
const management = new EventDataStore("management", {
  name: "lake-audit-management",
  retentionPeriod: config.getNumber("retentionDays") ?? 365,
  insightSelectors: [{ insightType: "ApiCallRateInsight" }, { insightType: "ApiErrorRateInsight" }],
  insightsDestination: insights.arn,
  tags: { purpose: "audit" },
});

// Events from outside AWS (your own applications) arrive through a Custom channel.
const activity = new EventDataStore("activity", {
  name: "lake-audit-activity",
  advancedEventSelectors: [
    {
      name: "Application activity",
      fieldSelectors: [{ field: "eventCategory", equals: ["ActivityAuditLog"] }],
    },
  ],
});

const channel = new Channel("applications", {
  name: "lake-audit-applications",
  source: "Custom",
  destinations: [{ type: "EVENT_DATA_STORE", location: activity.arn }],
});

export const managementStoreArn = management.arn;
export const insightsStoreArn = insights.arn;
export const activityStoreArn = activity.arn;
export const channelArn = channel.arn;
