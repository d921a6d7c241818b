import * as pulumi from "@pulumi/pulumi";
import {
  Channel,
  Dashboard,
  EventDataStore,
  LakeImport,
  OrganizationDelegatedAdmin,
  Trail,
  TrailEventAggregation,
  TrailEventSelectors,
  TrailInsightSelectors,
} from "pulumi-cloudtrail";
import type { Kind } from "../api-minimum";

/**
 * One resource of the kind in config `bench:kind`; `bench:parent` names the trail (selectors,
 * Insights) or store ARN (a channel's destination) it needs, made outside the stack. Config
 * `bench:revision` 1 changes one property: a trail's tag, the selectors, the Insight types, a
 * aggregation's templates, a store's retention, a channel's name, a dashboard's widget view (its
 * widget queries the parent store), an import's retry (of a FAILED import), a delegated
 * administrator's account (a replacement).
 */
export = function program(): void {
  const config = new pulumi.Config("bench");
  const kind = config.require("kind") as Kind;
  const parent = config.get("parent") ?? "";
  const revised = config.getNumber("revision") === 1;
  if (kind === "Trail") {
    new Trail("trail", { s3BucketName: "bench-logs", tags: { revision: revised ? "1" : "0" } });
  } else if (kind === "TrailEventSelectors") {
    new TrailEventSelectors("selectors", {
      trail: parent,
      advancedEventSelectors: [
        {
          name: "s3 writes",
          fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            { field: "readOnly", equals: [revised ? "true" : "false"] },
          ],
        },
      ],
    });
  } else if (kind === "TrailInsightSelectors") {
    new TrailInsightSelectors("insights", {
      trail: parent,
      insightTypes: revised ? ["ApiCallRateInsight", "ApiErrorRateInsight"] : ["ApiCallRateInsight"],
    });
  } else if (kind === "TrailEventAggregation") {
    new TrailEventAggregation("aggregation", {
      trail: parent,
      aggregationConfigurations: [
        { eventCategory: "Data", templates: [revised ? "USER_ACTIONS" : "API_ACTIVITY"] },
      ],
    });
  } else if (kind === "EventDataStore") {
    new EventDataStore("store", { terminationProtectionEnabled: false, retentionPeriod: revised ? 120 : 90 });
  } else if (kind === "Dashboard") {
    new Dashboard("dashboard", {
      widgets: [
        {
          queryStatement: `SELECT eventName, count(*) AS n FROM ${parent.split("/").pop()} GROUP BY eventName`,
          viewProperties: { "View.Type": revised ? "PieChart" : "Table" },
        },
      ],
    });
  } else if (kind === "LakeImport") {
    new LakeImport("import", {
      destinations: [parent],
      importSource: {
        s3: {
          s3LocationUri: "s3://bench-import/AWSLogs/",
          s3BucketRegion: "us-east-1",
          s3BucketAccessRoleArn: "arn:aws:iam::123456789012:role/bench-import",
        },
      },
      retry: revised ? 1 : 0,
    });
  } else if (kind === "OrganizationDelegatedAdmin") {
    new OrganizationDelegatedAdmin("delegated-admin", {
      memberAccountId: revised ? "222222222222" : "111111111111",
    });
  } else {
    new Channel("channel", {
      name: revised ? "bench-channel-1" : "bench-channel-0",
      source: "Custom",
      destinations: [{ type: "EVENT_DATA_STORE", location: parent }],
    });
  }
};
