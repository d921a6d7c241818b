import { expect } from "chai";
import { createHash } from "node:crypto";
import { UNKNOWN, checkInputs } from "../../provider/resource";
import { KINDS, validate, validationWarnings, type Kind } from "../../provider/validate";

const S3_BUCKET_SELECTOR = {
  name: "Log S3 data events on one bucket",
  fieldSelectors: [
    { field: "eventCategory", equals: ["Data"] },
    { field: "resources.type", equals: ["AWS::S3::Object"] },
    { field: "resources.ARN", startsWith: ["arn:aws:s3:::audit-bucket/"] },
  ],
};
const MANAGEMENT_WITHOUT_KMS = {
  name: "Management events except KMS",
  fieldSelectors: [
    { field: "eventCategory", equals: ["Management"] },
    { field: "eventSource", notEquals: ["kms.amazonaws.com"] },
  ],
};
const adv = (...fieldSelectors: object[]) => ({
  trail: "audit",
  advancedEventSelectors: [{ fieldSelectors }],
});
const data = (...more: object[]) =>
  adv(
    { field: "eventCategory", equals: ["Data"] },
    { field: "resources.type", equals: ["AWS::S3::Object"] },
    ...more,
  );
const basic = (...eventSelectors: object[]) => ({ trail: "audit", eventSelectors });
const arns = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket-${i}/`);
const sha = (s: string) => createHash("sha256").update(s).digest("base64");

/** [rule, kind, input, property the failure must name] */
const INVALID: [string, Kind, unknown, string][] = [
  ["NAME-1", "Trail", { name: "my--trail", s3BucketName: "bucket-a" }, "name"],
  ["NAME-1", "Trail", { name: "my-_trail", s3BucketName: "bucket-a" }, "name"],
  ["NAME-1", "Trail", { name: "192.168.5.4", s3BucketName: "bucket-a" }, "name"],
  ["NAME-1", "Trail", { name: "ab", s3BucketName: "bucket-a" }, "name"],
  ["NAME-1", "Trail", { name: "-trail", s3BucketName: "bucket-a" }, "name"],
  [
    "NAME-1",
    "TrailInsightSelectors",
    { trail: "arn:aws:cloudtrail:us-east-1:12345:trail/x", insightTypes: [] },
    "trail",
  ],
  ["NAME-2", "EventDataStore", { name: "has space" }, "name"],
  [
    "NAME-3",
    "Channel",
    {
      name: "has space",
      source: "Custom",
      destinations: [{ type: "EVENT_DATA_STORE", location: "store-1" }],
    },
    "name",
  ],
  [
    "NAME-2",
    "Channel",
    { source: "Custom", destinations: [{ type: "EVENT_DATA_STORE", location: "x" }] },
    "destinations[0].location",
  ],
  ["NAME-4", "Trail", { s3BucketName: "Upper" }, "s3BucketName"],
  ["NAME-4", "Trail", { s3BucketName: "10.0.0.1" }, "s3BucketName"],
  ["NAME-4", "Trail", { s3BucketName: "bucket-a", s3KeyPrefix: "p".repeat(201) }, "s3KeyPrefix"],
  ["NAME-5", "Trail", { s3BucketName: "bucket-a", kmsKeyId: "my-key" }, "kmsKeyId"],
  ["NAME-6", "Trail", { s3BucketName: "bucket-a", tags: { "aws:owner": "x" } }, "tags.aws:owner"],
  [
    "NAME-6",
    "Trail",
    { s3BucketName: "bucket-a", tags: { ["k".repeat(129)]: "x" } },
    `tags.${"k".repeat(129)}`,
  ],
  ["NAME-6", "Trail", { s3BucketName: "bucket-a", tags: { k: "v".repeat(257) } }, "tags.k"],
  [
    "NAME-6",
    "Trail",
    {
      s3BucketName: "bucket-a",
      tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])),
    },
    "tags",
  ],
  [
    "TRAIL-4",
    "Trail",
    { s3BucketName: "bucket-a", cloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/cwl" },
    "cloudWatchLogsLogGroupArn",
  ],
  [
    "TRAIL-4",
    "Trail",
    {
      s3BucketName: "bucket-a",
      cloudWatchLogsLogGroupArn: "arn:aws:logs:bad",
      cloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/cwl",
    },
    "cloudWatchLogsLogGroupArn",
  ],
  [
    "TRAIL-5",
    "Trail",
    { s3BucketName: "bucket-a", isMultiRegionTrail: true, includeGlobalServiceEvents: false },
    "includeGlobalServiceEvents",
  ],
  ["ES-1", "TrailEventSelectors", basic(), "eventSelectors"],
  ["ES-1", "TrailEventSelectors", basic({}, {}, {}, {}, {}, {}), "eventSelectors"],
  [
    "ES-2",
    "TrailEventSelectors",
    basic(
      { dataResources: [{ type: "AWS::S3::Object", values: arns(126) }] },
      { dataResources: [{ type: "AWS::S3::Object", values: arns(125) }] },
    ),
    "eventSelectors",
  ],
  [
    "ES-3",
    "TrailEventSelectors",
    basic({ dataResources: [{ type: "AWS::EC2::Snapshot", values: [] }] }),
    "eventSelectors[0].dataResources[0].type",
  ],
  [
    "ES-4",
    "TrailEventSelectors",
    basic({ dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::*"] }] }),
    "eventSelectors[0].dataResources[0].values[0]",
  ],
  [
    "ES-4",
    "TrailEventSelectors",
    basic({
      dataResources: [
        { type: "AWS::Lambda::Function", values: ["arn:aws:lambda:us-east-1:123456789012:handler"] },
      ],
    }),
    "eventSelectors[0].dataResources[0].values[0]",
  ],
  ["ES-5", "TrailEventSelectors", basic({ readWriteType: "Sometimes" }), "eventSelectors[0].readWriteType"],
  [
    "ES-6",
    "TrailEventSelectors",
    basic({ excludeManagementEventSources: ["s3.amazonaws.com"] }),
    "eventSelectors[0].excludeManagementEventSources[0]",
  ],
  ["ES-7", "TrailEventSelectors", { ...basic({}), advancedEventSelectors: [MANAGEMENT_WITHOUT_KMS] }, ""],
  ["ES-7", "TrailEventSelectors", { trail: "audit" }, ""],
  [
    "AES-1",
    "TrailEventSelectors",
    { trail: "audit", advancedEventSelectors: [{ fieldSelectors: [] }] },
    "advancedEventSelectors[0].fieldSelectors",
  ],
  [
    "AES-1",
    "TrailEventSelectors",
    { trail: "audit", advancedEventSelectors: [{ ...S3_BUCKET_SELECTOR, name: "n".repeat(1001) }] },
    "advancedEventSelectors[0].name",
  ],
  [
    "AES-1",
    "TrailEventSelectors",
    data({ field: "eventName", equals: ["A"] }, { field: "eventName", equals: ["B"] }),
    "advancedEventSelectors[0].fieldSelectors[3].field",
  ],
  [
    "AES-2",
    "TrailEventSelectors",
    data({ field: "eventName" }),
    "advancedEventSelectors[0].fieldSelectors[2]",
  ],
  [
    "AES-2",
    "TrailEventSelectors",
    data({ field: "eventName", equals: [] }),
    "advancedEventSelectors[0].fieldSelectors[2].equals",
  ],
  [
    "AES-2",
    "TrailEventSelectors",
    data({ field: "eventName", equals: ["x".repeat(2049)] }),
    "advancedEventSelectors[0].fieldSelectors[2].equals[0]",
  ],
  [
    "AES-3",
    "TrailEventSelectors",
    adv({ field: "readOnly", equals: ["true"] }),
    "advancedEventSelectors[0].fieldSelectors",
  ],
  [
    "AES-3",
    "TrailEventSelectors",
    adv({ field: "eventCategory", startsWith: ["Man"] }),
    "advancedEventSelectors[0].fieldSelectors[0]",
  ],
  [
    "AES-3",
    "TrailEventSelectors",
    adv({ field: "eventCategory", equals: ["ConfigurationItem"] }),
    "advancedEventSelectors[0].fieldSelectors[0].equals[0]",
  ],
  [
    "AES-3",
    "TrailEventSelectors",
    adv({ field: "eventCategory", equals: ["Management"] }, { field: "eventName", equals: ["X"] }),
    "advancedEventSelectors[0].fieldSelectors[1].field",
  ],
  [
    "AES-4",
    "TrailEventSelectors",
    data({ field: "readOnly", equals: ["yes"] }),
    "advancedEventSelectors[0].fieldSelectors[2].equals[0]",
  ],
  [
    "AES-4",
    "TrailEventSelectors",
    data({ field: "readOnly", notEquals: ["true"] }),
    "advancedEventSelectors[0].fieldSelectors[2]",
  ],
  [
    "AES-5",
    "TrailEventSelectors",
    adv({ field: "eventCategory", equals: ["Data"] }),
    "advancedEventSelectors[0].fieldSelectors",
  ],
  [
    "AES-5",
    "TrailEventSelectors",
    adv(
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::S3::Object", "AWS::Lambda::Function"] },
    ),
    "advancedEventSelectors[0].fieldSelectors[1].equals",
  ],
  [
    "AES-5",
    "TrailEventSelectors",
    adv({ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["S3 objects"] }),
    "advancedEventSelectors[0].fieldSelectors[1].equals[0]",
  ],
  [
    "AES-6",
    "TrailEventSelectors",
    data({ field: "resources.ARN", equals: ["arn:aws:s3:::bucket"] }),
    "advancedEventSelectors[0].fieldSelectors[2].equals",
  ],
  [
    "AES-7",
    "TrailEventSelectors",
    adv(
      { field: "eventCategory", equals: ["Management"] },
      { field: "eventSource", notEquals: ["s3.amazonaws.com"] },
    ),
    "advancedEventSelectors[0].fieldSelectors[1]",
  ],
  [
    "AES-7",
    "TrailEventSelectors",
    adv({ field: "eventCategory", equals: ["NetworkActivity"] }),
    "advancedEventSelectors[0].fieldSelectors",
  ],
  [
    "AES-8",
    "TrailEventSelectors",
    adv(
      { field: "eventCategory", equals: ["NetworkActivity"] },
      { field: "eventSource", equals: ["s3.amazonaws.com"] },
      { field: "errorCode", equals: ["AccessDenied"] },
    ),
    "advancedEventSelectors[0].fieldSelectors[2].equals[0]",
  ],
  [
    "AES-9",
    "TrailEventSelectors",
    data({ field: "eventName", equals: Array.from({ length: 499 }, (_, i) => `Op${i}`) }),
    "advancedEventSelectors",
  ],
  [
    "AES-10",
    "EventDataStore",
    { advancedEventSelectors: Array.from({ length: 6 }, () => MANAGEMENT_WITHOUT_KMS) },
    "advancedEventSelectors",
  ],
  [
    "AES-11",
    "TrailEventSelectors",
    data({ field: "resources.ARN", startsWith: ["arn:aws:s3:::*"] }),
    "advancedEventSelectors[0].fieldSelectors[2].startsWith[0]",
  ],
  [
    "INS-1",
    "TrailInsightSelectors",
    { trail: "audit", insightTypes: ["ApiLatencyInsight"] },
    "insightTypes[0]",
  ],
  [
    "INS-1",
    "TrailInsightSelectors",
    { trail: "audit", insightTypes: ["ApiCallRateInsight", "ApiCallRateInsight"] },
    "insightTypes",
  ],
  ["EDS-2", "EventDataStore", { retentionPeriod: 6 }, "retentionPeriod"],
  ["EDS-2", "EventDataStore", { retentionPeriod: 3654 }, "retentionPeriod"],
  [
    "EDS-2",
    "EventDataStore",
    { billingMode: "FIXED_RETENTION_PRICING", retentionPeriod: 2558 },
    "retentionPeriod",
  ],
  ["EDS-10", "EventDataStore", { federationEnabled: true }, "federationRoleArn"],
  [
    "EDS-9",
    "EventDataStore",
    {
      advancedEventSelectors: [
        { fieldSelectors: [{ field: "eventCategory", equals: ["ActivityAuditLog"] }] },
      ],
      ingestionEnabled: false,
    },
    "ingestionEnabled",
  ],
  [
    "NAME-2",
    "Channel",
    { source: "Custom", destinations: [{ type: "EVENT_DATA_STORE", location: "EXAMPLE-f852-4e8f" }] },
    "destinations[0].location",
  ],
  ["NAME-2", "EventDataStore", { insightsDestination: "EXAMPLE-f852-4e8f" }, "insightsDestination"],
  [
    "EDS-14",
    "EventDataStore",
    { insightSelectors: [{ insightType: "ApiCallRateInsight" }] },
    "insightsDestination",
  ],
  [
    "CH-1",
    "Channel",
    {
      source: "Custom",
      destinations: [
        { type: "AWS_SERVICE", location: "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/abc" },
      ],
    },
    "destinations[0].type",
  ],
  ["CH-1", "Channel", { source: "Custom", destinations: [] }, "destinations"],
  [
    "IMP-1",
    "LakeImport",
    {
      destinations: [],
      importSource: {
        s3: {
          s3LocationUri: "s3://bucket-a/logs",
          s3BucketRegion: "us-east-1",
          s3BucketAccessRoleArn: "arn:aws:iam::123456789012:role/import",
        },
      },
    },
    "destinations",
  ],
  [
    "IMP-1",
    "LakeImport",
    {
      destinations: ["eds-arn-1"],
      importSource: { s3: { s3LocationUri: "s3://bucket-a/logs", s3BucketRegion: "us-east-1" } },
    },
    "importSource.s3.s3BucketAccessRoleArn",
  ],
  [
    "IMP-2",
    "LakeImport",
    {
      destinations: ["eds-arn-1"],
      importSource: {
        s3: {
          s3LocationUri: "s3://bucket-a/logs",
          s3BucketRegion: "us-east-1",
          s3BucketAccessRoleArn: "arn:aws:iam::123456789012:role/import",
        },
      },
      startEventTime: "2026-02-01T00:00:00Z",
      endEventTime: "2026-01-01T00:00:00Z",
    },
    "startEventTime",
  ],
  [
    "AUD-1",
    "AuditEvents",
    { channelArn: "arn:aws:cloudtrail:us-east-1:123456789012:channel/abc", auditEvents: [] },
    "auditEvents",
  ],
  [
    "AUD-1",
    "AuditEvents",
    {
      channelArn: "arn:aws:cloudtrail:us-east-1:123456789012:channel/abc",
      auditEvents: [{ id: "has space", eventData: "{}" }],
    },
    "auditEvents[0].id",
  ],
  [
    "AUD-1",
    "AuditEvents",
    {
      channelArn: "arn:aws:cloudtrail:us-east-1:123456789012:channel/abc",
      auditEvents: Array.from({ length: 2 }, (_, i) => ({ id: `e${i}`, eventData: "x".repeat(600_000) })),
    },
    "auditEvents",
  ],
  [
    "AUD-2",
    "AuditEvents",
    {
      channelArn: "arn:aws:cloudtrail:us-east-1:123456789012:channel/abc",
      auditEvents: [
        { id: "a", eventData: "{}" },
        { id: "a", eventData: "{}" },
      ],
    },
    "auditEvents[1].id",
  ],
  [
    "AUD-3",
    "AuditEvents",
    {
      channelArn: "arn:aws:cloudtrail:us-east-1:123456789012:channel/abc",
      auditEvents: [{ id: "a", eventData: "{}", eventDataChecksum: sha("other") }],
    },
    "auditEvents[0].eventDataChecksum",
  ],
  [
    "AUD-4",
    "AuditEvents",
    {
      channelArn: "arn:aws:cloudtrail:us-east-1:123456789012:channel/abc",
      externalId: "x",
      auditEvents: [{ id: "a", eventData: "{}" }],
    },
    "externalId",
  ],
  ["DASH-1", "Dashboard", { name: "a b" }, "name"],
  ["DASH-1", "Dashboard", { name: "AWSCloudTrail-Mine" }, "name"],
  [
    "DASH-1",
    "Dashboard",
    {
      name: "AWSCloudTrail-Highlights",
      widgets: [{ queryStatement: "SELECT count(*) FROM s", viewProperties: { "View.Type": "Table" } }],
      refreshSchedule: { frequency: { unit: "HOURS", value: 6 } },
    },
    "widgets",
  ],
  [
    "DASH-2",
    "Dashboard",
    {
      widgets: Array.from({ length: 11 }, () => ({
        queryStatement: "SELECT count(*) FROM s",
        viewProperties: { "View.Type": "Table" },
      })),
    },
    "widgets",
  ],
  [
    "DASH-2",
    "Dashboard",
    { widgets: [{ queryStatement: "SELECT 1", viewProperties: {} }] },
    "widgets[0].viewProperties",
  ],
  [
    "DASH-2",
    "Dashboard",
    { widgets: [{ queryStatement: "SELECT 1", viewProperties: { "View.Type": "Bar<chart>" } }] },
    "widgets[0].viewProperties.View.Type",
  ],
  [
    "DASH-3",
    "Dashboard",
    {
      widgets: [
        { queryStatement: "SELECT 1 WHERE eventTime > '?'", viewProperties: { "View.Type": "Table" } },
      ],
    },
    "widgets[0].queryParameters",
  ],
  [
    "DASH-3",
    "Dashboard",
    {
      widgets: [
        {
          queryStatement: "SELECT ?",
          queryParameters: ["$Region$"],
          viewProperties: { "View.Type": "Table" },
        },
      ],
    },
    "widgets[0].queryParameters[0]",
  ],
  [
    "DASH-4",
    "Dashboard",
    { refreshSchedule: { frequency: { unit: "HOURS", value: 2 } } },
    "refreshSchedule.frequency.value",
  ],
  [
    "DASH-4",
    "Dashboard",
    { refreshSchedule: { frequency: { unit: "DAYS", value: 1 }, timeOfDay: "24:00" } },
    "refreshSchedule.timeOfDay",
  ],
  ["DASH-4", "Dashboard", { name: "AWSCloudTrail-Highlights" }, "refreshSchedule"],
  [
    "DASH-6",
    "DashboardRefresh",
    { dashboard: "ops", queryParameterValues: { $Region$: "x" } },
    "queryParameterValues.$Region$",
  ],
];

/** [rule, kind, valid input]: the boundaries and the documentation's own examples. */
const VALID: [string, Kind, unknown][] = [
  [
    "DASH-1",
    "Dashboard",
    {
      name: "ops_dash-1",
      widgets: [{ queryStatement: "SELECT count(*) FROM s", viewProperties: { "View.Type": "Table" } }],
      terminationProtectionEnabled: true,
    },
  ],
  [
    "DASH-3",
    "Dashboard",
    {
      widgets: [
        {
          queryStatement: "SELECT '?x' FROM s WHERE eventTime > '?' AND eventTime < ?",
          queryParameters: ["$StartTime$", "$EndTime$"],
          viewProperties: { "View.Type": "Line chart" },
        },
      ],
    },
  ],
  [
    "DASH-4",
    "Dashboard",
    {
      name: "AWSCloudTrail-Highlights",
      refreshSchedule: { frequency: { unit: "HOURS", value: 6 }, timeOfDay: "06:30" },
    },
  ],
  ["NAME-1", "Trail", { name: "a.b", s3BucketName: "bucket-a" }],
  ["NAME-1", "Trail", { name: `a_b-c.d${"x".repeat(121)}`, s3BucketName: "bucket-a" }],
  [
    "NAME-1",
    "TrailInsightSelectors",
    { trail: "arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail", insightTypes: [] },
  ],
  [
    "NAME-5",
    "Trail",
    {
      s3BucketName: "bucket-a",
      kmsKeyId: "arn:aws:kms:us-east-2:123456789012:key/12345678-1234-1234-1234-123456789012",
    },
  ],
  ["NAME-5", "Trail", { s3BucketName: "bucket-a", kmsKeyId: "alias/MyAliasName" }],
  [
    "NAME-6",
    "Trail",
    {
      s3BucketName: "bucket-a",
      tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v".repeat(256)])),
    },
  ],
  [
    "TRAIL-4",
    "Trail",
    {
      s3BucketName: "bucket-a",
      cloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:audit:*",
      cloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/cwl",
    },
  ],
  ["TRAIL-5", "Trail", { s3BucketName: "bucket-a", isMultiRegionTrail: true }],
  ["ES-1", "TrailEventSelectors", basic({}, {}, {}, {}, {})],
  [
    "ES-2",
    "TrailEventSelectors",
    basic(
      { dataResources: [{ type: "AWS::S3::Object", values: arns(125) }] },
      { dataResources: [{ type: "AWS::S3::Object", values: arns(125) }] },
    ),
  ],
  [
    "ES-4",
    "TrailEventSelectors",
    basic({
      readWriteType: "All",
      includeManagementEvents: true,
      dataResources: [
        { type: "AWS::S3::Object", values: ["arn:aws:s3:::amzn-s3-demo-bucket/prefix"] },
        { type: "AWS::S3::Object", values: ["arn:aws:s3:::", "arn:aws:s3"] },
        {
          type: "AWS::Lambda::Function",
          values: ["arn:aws:lambda:us-west-2:111111111111:function:helloworld"],
        },
        { type: "AWS::DynamoDB::Table", values: ["arn:aws:dynamodb"] },
      ],
    }),
  ],
  [
    "ES-6",
    "TrailEventSelectors",
    basic({ excludeManagementEventSources: ["kms.amazonaws.com", "rdsdata.amazonaws.com"] }),
  ],
  [
    "AES-1",
    "TrailEventSelectors",
    { trail: "audit", advancedEventSelectors: [S3_BUCKET_SELECTOR, MANAGEMENT_WITHOUT_KMS] },
  ],
  ["AES-2", "TrailEventSelectors", data({ field: "eventName", equals: ["x".repeat(2048)] })],
  [
    "AES-4",
    "TrailEventSelectors",
    adv({ field: "eventCategory", equals: ["Management"] }, { field: "readOnly", equals: ["false"] }),
  ],
  [
    "AES-6",
    "TrailEventSelectors",
    adv(
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::Lambda::Function"] },
      { field: "resources.ARN", equals: ["arn:aws:lambda:us-east-1:123456789012:function:handler"] },
    ),
  ],
  [
    "AES-6",
    "TrailEventSelectors",
    adv(
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::DynamoDB::Table"] },
      { field: "resources.ARN", notEquals: ["arn:aws:dynamodb:us-east-1:123456789012:table/orders"] },
    ),
  ],
  [
    "AES-7",
    "TrailEventSelectors",
    adv(
      { field: "eventCategory", equals: ["NetworkActivity"] },
      { field: "eventSource", equals: ["kms.amazonaws.com"] },
      { field: "errorCode", equals: ["VpceAccessDenied"] },
    ),
  ],
  [
    "AES-8",
    "TrailEventSelectors",
    data(
      { field: "eventName", notStartsWith: ["Get"] },
      { field: "userIdentity.arn", notEquals: ["arn:aws:iam::123456789012:role/backup"] },
    ),
  ],
  [
    "AES-9",
    "TrailEventSelectors",
    data({ field: "eventName", equals: Array.from({ length: 498 }, (_, i) => `Op${i}`) }),
  ],
  [
    "AES-10",
    "EventDataStore",
    { advancedEventSelectors: Array.from({ length: 5 }, () => MANAGEMENT_WITHOUT_KMS) },
  ],
  [
    "AES-3",
    "EventDataStore",
    {
      advancedEventSelectors: [
        { fieldSelectors: [{ field: "eventCategory", equals: ["ConfigurationItem"] }] },
      ],
    },
  ],
  ["EDS-2", "EventDataStore", { retentionPeriod: 3653 }],
  ["EDS-2", "EventDataStore", { billingMode: "FIXED_RETENTION_PRICING", retentionPeriod: 2557 }],
  [
    "EDS-9",
    "EventDataStore",
    {
      advancedEventSelectors: [
        { fieldSelectors: [{ field: "eventCategory", equals: ["ConfigurationItem"] }] },
      ],
      ingestionEnabled: false,
    },
  ],
  // Federation off and Insights off need neither the role nor the destination.
  ["EDS-10", "EventDataStore", { federationEnabled: false }],
  [
    "EDS-10",
    "EventDataStore",
    { federationEnabled: false, federationRoleArn: "arn:aws:iam::123456789012:role/lake" },
  ],
  ["EDS-14", "EventDataStore", { insightSelectors: [] }],
  [
    "CH-1",
    "Channel",
    {
      name: "partner-events",
      source: "Custom",
      destinations: [
        {
          type: "EVENT_DATA_STORE",
          location:
            "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE",
        },
      ],
    },
  ],
  [
    "IMP-1",
    "LakeImport",
    {
      destinations: ["arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE"],
      importSource: {
        s3: {
          s3LocationUri: "s3://bucket-a/AWSLogs/123456789012/CloudTrail",
          s3BucketRegion: "us-east-1",
          s3BucketAccessRoleArn: "arn:aws:iam::123456789012:role/import",
        },
      },
      startEventTime: "2026-01-01T00:00:00Z",
      endEventTime: "2026-02-01T00:00:00Z",
    },
  ],
  [
    "AUD-3",
    "AuditEvents",
    {
      channelArn: "arn:aws:cloudtrail:us-east-1:123456789012:channel/abc",
      externalId: "ext-id",
      auditEvents: Array.from({ length: 100 }, (_, i) => ({
        id: `event-${i}`,
        eventData: `{"n":${i}}`,
        eventDataChecksum: sha(`{"n":${i}}`),
      })),
    },
  ],
];

describe("validate(): schema.json plus the cross-field rules", () => {
  for (const [rule, kind, input, property] of INVALID) {
    it(`${rule} rejects a bad ${kind} input at "${property.length > 60 ? property.slice(0, 40) + "…" : property}"`, () => {
      const { failures, normalized } = validate(kind, input);
      const match = failures.find((f) => f.property === property && f.reason.includes(rule));
      expect(match, `failures were ${JSON.stringify(failures, null, 1)}`).to.not.equal(undefined);
      expect(normalized).to.equal(undefined);
    });
  }
  for (const [rule, kind, input] of VALID) {
    it(`${rule} accepts a valid ${kind} input`, () => {
      expect(validate(kind, input).failures).to.deep.equal([]);
    });
  }

  it("reports every failure of an input at once", () => {
    const { failures } = validate("Trail", {
      name: "x",
      s3BucketName: "Bad",
      kmsKeyId: "k",
      tags: { "aws:a": "b" },
    });
    expect(failures.map((f) => f.property).sort()).to.deep.equal([
      "kmsKeyId",
      "name",
      "s3BucketName",
      "tags.aws:a",
    ]);
  });

  it("names the rule and the fix in the reason", () => {
    const { failures } = validate("TrailEventSelectors", data({ field: "readOnly", equals: ["yes"] }));
    expect(failures).to.deep.equal([
      {
        property: "advancedEventSelectors[0].fieldSelectors[2].equals[0]",
        reason: 'readOnly accepts only equals with "true" or "false" (AES-4); got "yes"',
      },
    ]);
  });

  it("limits on counts and lengths say the count, not the value; ES-7 says what was given", () => {
    const reasons = (kind: Kind, input: unknown) => validate(kind, input).failures.map((f) => f.reason);
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
    expect(reasons("TrailEventSelectors", basic({}, {}, {}, {}, {}))).to.deep.equal([]);
    expect(reasons("TrailEventSelectors", basic({}, {}, {}, {}, {}, {}))).to.deep.equal([
      "a trail takes 1 to 5 basic event selectors (ES-1); got 6 selectors",
    ]);
    expect(reasons("Trail", { s3BucketName: "bucket-a", tags: tags(50) })).to.deep.equal([]);
    expect(reasons("Trail", { s3BucketName: "bucket-a", tags: tags(51) })).to.deep.equal([
      "a resource takes at most 50 tags (NAME-6); got 51 tags",
    ]);
    expect(reasons("Trail", { s3BucketName: "bucket-a", s3KeyPrefix: "p".repeat(201) })).to.deep.equal([
      "the S3 key prefix is at most 200 characters (NAME-4); got 201 characters",
    ]);
    expect(
      reasons("TrailInsightSelectors", {
        trail: "audit",
        insightTypes: ["ApiCallRateInsight", "ApiCallRateInsight"],
      }),
    ).to.deep.equal(['each insight type may be given once (INS-1); got "ApiCallRateInsight" twice']);
    const es7 = "give either eventSelectors or advancedEventSelectors, not both and not neither (ES-7)";
    expect(validate("TrailEventSelectors", { trail: "audit" }).failures).to.deep.equal([
      { property: "", reason: `${es7}; got neither` },
    ]);
    expect(
      reasons("TrailEventSelectors", { ...basic({}), advancedEventSelectors: [MANAGEMENT_WITHOUT_KMS] }),
    ).to.deep.equal([`${es7}; got eventSelectors and advancedEventSelectors`]);
  });

  it("VALIDATION-2 warns of an unknown field or resource type, and fails in strict mode", () => {
    const unknownType = adv(
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::Bedrock::Model"] },
    );
    const loose = validate("TrailEventSelectors", unknownType);
    expect(loose.failures).to.deep.equal([]);
    expect(loose.warnings.map((w) => w.property)).to.deep.equal([
      "advancedEventSelectors[0].fieldSelectors[1].equals",
    ]);
    expect(loose.warnings[0].reason).to.contain("VALIDATION-2");
    // What the sdk classes log, without compiling the schema in the user's program.
    expect(validationWarnings("TrailEventSelectors", unknownType)).to.deep.equal(loose.warnings);
    expect(validationWarnings("TrailEventSelectors", { ...unknownType, validation: "strict" })).to.deep.equal(
      [],
    );
    const strict = validate("TrailEventSelectors", { ...unknownType, validation: "strict" });
    expect(strict.failures.map((f) => f.property)).to.deep.equal([
      "advancedEventSelectors[0].fieldSelectors[1].equals",
    ]);
    const unknownField = validate(
      "TrailEventSelectors",
      data({ field: "tlsDetails.cipherSuite", equals: ["x"] }),
    );
    expect(unknownField.warnings.map((w) => w.property)).to.deep.equal([
      "advancedEventSelectors[0].fieldSelectors[2].field",
    ]);
  });

  it("VALIDATION-2: a near miss of a known field (case, one or two edits) fails, naming the field it likely means", () => {
    for (const [typo, meant] of [
      ["eventname", "eventName"],
      ["readonly", "readOnly"],
      ["resource.ARN", "resources.ARN"],
      ["resources.arn", "resources.ARN"],
    ]) {
      const result = validate("TrailEventSelectors", data({ field: typo, equals: ["x"] }));
      expect(result.failures, typo).to.deep.equal([
        {
          property: "advancedEventSelectors[0].fieldSelectors[2].field",
          reason: `Field ${typo} is not a known field; did you mean ${meant}? (VALIDATION-2: a near miss of a known field is a mistake, not a new field)`,
        },
      ]);
      expect(result.warnings, typo).to.deep.equal([]);
    }
    // A name far from every known one looks new: a warning, as before.
    const fresh = validate("TrailEventSelectors", data({ field: "tlsDetails.cipherSuite", equals: ["x"] }));
    expect(fresh.failures).to.deep.equal([]);
    expect(fresh.warnings).to.have.length(1);
  });

  it("VALIDATION-2, AES-3: a near miss is matched only to fields the selector's category takes", () => {
    const management = (field: string) =>
      validate("TrailEventSelectors", {
        trail: "audit",
        advancedEventSelectors: [
          {
            fieldSelectors: [
              { field: "eventCategory", equals: ["Management"] },
              { field, equals: ["x"] },
            ],
          },
        ],
      });
    // eventName is a Data field: suggesting it would lead to AES-3's refusal next.
    expect(management("eventname").failures).to.deep.equal([
      {
        property: "advancedEventSelectors[0].fieldSelectors[1].field",
        reason:
          "Field eventname is not a known field, and eventName, which it resembles, cannot be used with Management events; they take eventCategory, readOnly, eventSource (AES-3)",
      },
    ]);
    for (const [typo, meant] of [
      ["readonly", "readOnly"],
      ["eventSorce", "eventSource"],
    ])
      expect(management(typo).failures.map((f) => f.reason)).to.deep.equal([
        `Field ${typo} is not a known field; did you mean ${meant}? (VALIDATION-2: a near miss of a known field is a mistake, not a new field)`,
      ]);
  });

  it("DASH-5 warns of a refresh schedule without a policy that lets CloudTrail refresh, and not with one", () => {
    const scheduled = { refreshSchedule: { frequency: { unit: "HOURS", value: 6 } } };
    const without = validate("Dashboard", scheduled);
    expect(without.failures).to.deep.equal([]);
    expect(without.warnings.map((w) => [w.property, /DASH-5/.test(w.reason)])).to.deep.equal([
      ["resourcePolicy", true],
    ]);
    const policy = {
      Statement: {
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "cloudtrail:StartDashboardRefresh",
      },
    };
    expect(
      validate("Dashboard", { ...scheduled, resourcePolicy: JSON.stringify(policy) }).warnings,
    ).to.deep.equal([]);
    expect(
      validate("Dashboard", { refreshSchedule: { ...scheduled.refreshSchedule, status: "DISABLED" } })
        .warnings,
    ).to.deep.equal([]);
  });

  it("CH-1: a destination given as a bare ARN is told the shape expected", () => {
    const arn =
      "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE";
    const result = validate("Channel", { name: "app", source: "Custom", destinations: [arn] });
    expect(result.failures).to.deep.equal([
      {
        property: "destinations[0]",
        reason: `must be an object: a destination is { type: "EVENT_DATA_STORE", location: <event data store ARN> } (CH-1); got ${`"${arn}"`.slice(0, 77)}...`,
      },
    ]);
  });

  it("normalises: defaults filled, order-free lists sorted, so reordered inputs compare equal", () => {
    const a = validate("TrailEventSelectors", {
      trail: "audit",
      advancedEventSelectors: [
        {
          fieldSelectors: [
            { field: "eventName", equals: ["PutObject", "GetObject"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            { field: "eventCategory", equals: ["Data"] },
          ],
        },
      ],
    }).normalized;
    const b = validate("TrailEventSelectors", {
      trail: "audit",
      advancedEventSelectors: [
        {
          fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "eventName", equals: ["GetObject", "PutObject"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
          ],
        },
      ],
    }).normalized;
    expect(a).to.deep.equal(b);
    expect(validate("TrailEventSelectors", basic({})).normalized?.eventSelectors).to.deep.equal([
      {
        readWriteType: "All",
        includeManagementEvents: true,
        dataResources: [],
        excludeManagementEventSources: [],
      },
    ]);
    expect(validate("EventDataStore", {}).normalized).to.include({
      retentionPeriod: 2557,
      terminationProtectionEnabled: true,
      multiRegionEnabled: true,
    });
    expect(validate("Trail", { s3BucketName: "bucket-a" }).normalized).to.include({
      enableLogging: true,
      includeGlobalServiceEvents: true,
    });
  });

  it("answers bad input of every JSON type with failures, never an exception", () => {
    const junk: unknown[] = [
      null,
      0,
      1.5,
      -1,
      "",
      "text",
      true,
      false,
      [],
      [1, "a"],
      {},
      { nested: { deep: [null] } },
    ];
    const kinds = KINDS;
    let checked = 0;
    for (const kind of kinds) {
      for (const value of junk) {
        const whole = validate(kind, value);
        if (!(
          typeof value === "object" &&
          value !== null &&
          !Array.isArray(value) &&
          // Every input of these is optional: {} is valid.
          (kind === "EventDataStore" || kind === "LookupEvents" || kind === "Dashboard") &&
          Object.keys(value).length === 0
        )) {
          expect(whole.failures.length, `${kind} ${JSON.stringify(value)}`).to.be.greaterThan(0);
        }
        for (const property of [
          "name",
          "trail",
          "s3BucketName",
          "eventSelectors",
          "advancedEventSelectors",
          "insightTypes",
          "tags",
          "retentionPeriod",
          "destinations",
          "auditEvents",
          "resourcePolicy",
          "maxEventSize",
          "contextKeySelectors",
          "widgets",
          "refreshSchedule",
        ]) {
          expect(() => validate(kind, { [property]: value })).not.to.throw();
          checked++;
        }
        expect(() =>
          validate("TrailEventSelectors", {
            trail: "audit",
            advancedEventSelectors: [{ fieldSelectors: [value] }],
          }),
        ).not.to.throw();
        expect(() =>
          validate("TrailEventSelectors", { trail: "audit", eventSelectors: [{ dataResources: [value] }] }),
        ).not.to.throw();
      }
    }
    expect(checked).to.equal(kinds.length * junk.length * 15);
  });
});

describe("validate(): resource policies and event configuration (PutResourcePolicy, PutEventConfiguration)", () => {
  const statement = {
    Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::111122223333:root" },
    Action: "cloudtrail:StartQuery",
  };
  const failuresAt = (kind: Kind, input: object, property: string) =>
    validate(kind, input).failures.filter((f) => f.property === property);
  const channel = (resourcePolicy: unknown) => ({
    source: "Custom",
    destinations: [
      { type: "EVENT_DATA_STORE", location: "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/abc" },
    ],
    resourcePolicy,
  });

  it("a policy as an object or as JSON text normalises to one canonical text, key order and spacing aside", () => {
    const asObject = validate("EventDataStore", {
      resourcePolicy: { Version: "2012-10-17", Statement: [statement] },
    });
    const asText = validate("EventDataStore", {
      resourcePolicy: `{ "Statement": [ { "Action": "cloudtrail:StartQuery",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Effect": "Allow" } ], "Version": "2012-10-17" }`,
    });
    expect(asObject.failures).to.deep.equal([]);
    expect(asText.normalized!.resourcePolicy).to.equal(asObject.normalized!.resourcePolicy);
    expect(JSON.parse(String(asText.normalized!.resourcePolicy))).to.deep.equal({
      Statement: [statement],
      Version: "2012-10-17",
    });
    expect(validate("Channel", channel({ Statement: statement })).failures).to.deep.equal([]);
  });

  it("a policy that is not JSON, not a document, or has statements without Effect or Principal fails, naming resourcePolicy", () => {
    expect(
      failuresAt("EventDataStore", { resourcePolicy: "{not json" }, "resourcePolicy")[0].reason,
    ).to.match(/^is not valid JSON \(.+\); give the policy document as an object or as its JSON text$/);
    expect(failuresAt("Channel", channel("[1, 2]"), "resourcePolicy")[0].reason).to.match(
      /must be a policy document \(a JSON object\); got \[1,2\]/,
    );
    expect(failuresAt("Channel", channel({ Version: "2012-10-17" }), "resourcePolicy")[0].reason).to.contain(
      "needs a Statement",
    );
    const noPrincipal = { Effect: "Allow", Action: "cloudtrail:StartQuery" };
    expect(
      failuresAt(
        "EventDataStore",
        { resourcePolicy: { Statement: [statement, noPrincipal] } },
        "resourcePolicy",
      )[0].reason,
    ).to.equal("Statement[1] needs Principal: a resource policy says who may do what");
    expect(
      failuresAt(
        "EventDataStore",
        { resourcePolicy: { Statement: { ...statement, Effect: "Permit" } } },
        "resourcePolicy",
      )[0].reason,
    ).to.equal('Statement[0].Effect is Allow or Deny; got "Permit"');
    expect(failuresAt("EventDataStore", { resourcePolicy: 5 }, "resourcePolicy")).to.not.deep.equal([]);
    expect(failuresAt("EventDataStore", { resourcePolicy: "" }, "resourcePolicy")).to.not.deep.equal([]);
  });

  it("a policy still unknown in a preview (e.g. built from a store's ARN) passes check unchanged", () => {
    const unknown = checkInputs("EventDataStore", { resourcePolicy: UNKNOWN });
    expect(unknown.failures ?? []).to.deep.equal([]);
    expect(unknown.inputs.resourcePolicy).to.equal(UNKNOWN);
    const partly = { Statement: { ...statement, Resource: UNKNOWN } };
    const checked = checkInputs("Channel", channel(partly));
    expect(checked.failures ?? []).to.deep.equal([]);
    expect(JSON.parse(String(checked.inputs.resourcePolicy))).to.deep.equal(partly);
  });

  it("event configuration: Standard or Large; 0 to 2 context key selectors of 1 to 50 keys, 1 to 128 characters each", () => {
    const keys = (n: number, length = 8) => Array.from({ length: n }, (_, i) => `${i}`.padEnd(length, "k"));
    const valid = (contextKeySelectors: object[]) =>
      validate("EventDataStore", { maxEventSize: "Large", contextKeySelectors }).failures;
    expect(
      valid([
        { type: "RequestContext", equals: keys(50, 128) },
        { type: "TagContext", equals: ["team"] },
      ]),
    ).to.deep.equal([]);
    expect(valid([{ type: "RequestContext", equals: keys(51) }])[0].property).to.equal(
      "contextKeySelectors[0].equals",
    );
    expect(valid([{ type: "RequestContext", equals: [] }])[0].property).to.equal(
      "contextKeySelectors[0].equals",
    );
    expect(valid([{ type: "RequestContext", equals: keys(1, 129) }])[0].property).to.equal(
      "contextKeySelectors[0].equals[0]",
    );
    expect(valid([{ type: "Other", equals: ["a"] }])[0].property).to.equal("contextKeySelectors[0].type");
    const three = [1, 2, 3].map(() => ({ type: "TagContext", equals: ["team"] }));
    expect(valid(three)[0]).to.deep.include({ property: "contextKeySelectors" });
    expect(failuresAt("EventDataStore", { maxEventSize: "Huge" }, "maxEventSize")[0].reason).to.contain(
      "maxEventSize is Standard or Large",
    );
  });

  it("context key selectors need maxEventSize Large; a store of other events (EDS-13) has no event configuration", () => {
    const standard = failuresAt(
      "EventDataStore",
      { contextKeySelectors: [{ type: "TagContext", equals: ["team"] }] },
      "maxEventSize",
    );
    expect(standard[0].reason).to.equal(
      'must be "Large" with contextKeySelectors (PutEventConfiguration); got "Standard (the default)"',
    );
    const activity = failuresAt(
      "EventDataStore",
      {
        advancedEventSelectors: [
          { fieldSelectors: [{ field: "eventCategory", equals: ["ActivityAuditLog"] }] },
        ],
        maxEventSize: "Large",
      },
      "maxEventSize",
    );
    expect(activity[0].reason).to.contain("this store collects ActivityAuditLog (EDS-13)");
    const normalized = validate("EventDataStore", {
      maxEventSize: "Large",
      contextKeySelectors: [
        { type: "TagContext", equals: ["team", "owner"] },
        { type: "RequestContext", equals: ["aws:SourceIp"] },
      ],
    }).normalized!;
    expect(normalized.contextKeySelectors).to.deep.equal([
      { type: "RequestContext", equals: ["aws:SourceIp"] },
      { type: "TagContext", equals: ["owner", "team"] },
    ]);
  });
});

describe("validate(): Insights on data events, Insights metrics and event aggregation", () => {
  const failures = (kind: Kind, input: unknown) =>
    validate(kind, input).failures.map((f) => `${f.property}: ${f.reason}`);
  const insights = (eventCategories: unknown) => ({
    trail: "audit",
    insightTypes: ["ApiCallRateInsight"],
    eventCategories,
  });

  it("INS-4 each enabled type's categories are Management and/or Data, each once", () => {
    expect(
      failures("TrailInsightSelectors", insights({ ApiCallRateInsight: ["Management", "Data"] })),
    ).to.deep.equal([]);
    expect(failures("TrailInsightSelectors", insights({ ApiCallRateInsight: ["Network"] }))).to.deep.equal([
      'eventCategories.ApiCallRateInsight[0]: an Insights event category is Management or Data (INS-4); got "Network"',
    ]);
    expect(failures("TrailInsightSelectors", insights({ ApiCallRateInsight: [] }))[0]).to.contain("(INS-4)");
    expect(
      failures("TrailInsightSelectors", insights({ ApiCallRateInsight: ["Data", "Data"] }))[0],
    ).to.contain("(INS-4)");
    expect(failures("TrailInsightSelectors", insights({ ApiErrorRateInsight: ["Data"] }))).to.deep.equal([
      "eventCategories.ApiErrorRateInsight: ApiErrorRateInsight is not in insightTypes; give event categories only for the insight types enabled (INS-4)",
    ]);
    expect(failures("TrailInsightSelectors", insights({ Other: ["Data"] }))[0]).to.contain("(INS-4)");
  });

  it("INS-4 the default, Management, is left out when normalised, so AWS reporting it is no change", () => {
    const normalized = (c: unknown) => validate("TrailInsightSelectors", insights(c)).normalized;
    expect(normalized({ ApiCallRateInsight: ["Management"] })).to.not.have.property("eventCategories");
    expect(normalized(undefined)).to.not.have.property("eventCategories");
    expect(normalized({ ApiCallRateInsight: ["Management", "Data"] })!.eventCategories).to.deep.equal({
      ApiCallRateInsight: ["Data", "Management"],
    });
  });

  it("INS-6 an event data store's Insights are on management events only", () => {
    const store = (eventCategories: string[]) => ({
      insightSelectors: [{ insightType: "ApiCallRateInsight", eventCategories }],
      insightsDestination: "arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/insights",
    });
    expect(failures("EventDataStore", store(["Data"]))).to.deep.equal([
      'insightSelectors[0].eventCategories[0]: event data stores take Insights on management events only (INS-6); got "Data"',
    ]);
    expect(validate("EventDataStore", store(["Management"])).normalized!.insightSelectors).to.deep.equal([
      { insightType: "ApiCallRateInsight" },
    ]);
  });

  it("AGG-1 and AGG-2 at one configuration of Data with 1 to 50 known templates, each once", () => {
    const agg = (aggregationConfigurations: unknown) => ({ trail: "audit", aggregationConfigurations });
    const one = { eventCategory: "Data", templates: ["USER_ACTIONS", "API_ACTIVITY"] };
    expect(failures("TrailEventAggregation", agg([one]))).to.deep.equal([]);
    expect(validate("TrailEventAggregation", agg([one])).normalized!.aggregationConfigurations).to.deep.equal(
      [{ eventCategory: "Data", templates: ["API_ACTIVITY", "USER_ACTIONS"] }],
    );
    expect(failures("TrailEventAggregation", agg([one, one]))).to.deep.equal([
      "aggregationConfigurations: a trail takes at most one aggregation configuration (AGG-1); got 2 configurations",
    ]);
    expect(failures("TrailEventAggregation", agg([{ ...one, eventCategory: "Management" }]))).to.deep.equal([
      'aggregationConfigurations[0].eventCategory: aggregation takes eventCategory Data (AGG-1); got "Management"',
    ]);
    expect(failures("TrailEventAggregation", agg([{ ...one, templates: ["BY_REGION"] }]))).to.deep.equal([
      'aggregationConfigurations[0].templates[0]: a template is API_ACTIVITY, RESOURCE_ACCESS or USER_ACTIONS (AGG-2); got "BY_REGION"',
    ]);
    expect(failures("TrailEventAggregation", agg([{ ...one, templates: [] }]))[0]).to.contain("(AGG-2)");
    expect(
      failures("TrailEventAggregation", agg([{ ...one, templates: ["API_ACTIVITY", "API_ACTIVITY"] }]))[0],
    ).to.contain("(AGG-2)");
    expect(failures("TrailEventAggregation", agg([]))).to.deep.equal([]);
  });

  it("INS-7, INS-8 and INS-9 check the Insights functions' arguments", () => {
    const metric = {
      eventSource: "s3.amazonaws.com",
      eventName: "PutObject",
      insightType: "ApiCallRateInsight",
    };
    expect(failures("InsightsMetricData", metric)).to.deep.equal([]);
    expect(failures("InsightsMetricData", { ...metric, insightType: "ApiErrorRateInsight" })).to.deep.equal([
      "errorCode: is required (INS-7)",
    ]);
    expect(failures("InsightsMetricData", { ...metric, period: 120 })).to.deep.equal([
      "period: period is 60, 300 or 3600 seconds (INS-8); got 120",
    ]);
    expect(failures("InsightsMetricData", { ...metric, pageSize: 21601 })[0]).to.contain("(INS-7)");
    expect(
      failures("InsightsMetricData", {
        ...metric,
        startTime: "2026-02-01T00:00:00Z",
        endTime: "2026-01-01T00:00:00Z",
      }),
    ).to.deep.equal([
      "startTime: startTime 2026-02-01T00:00:00Z is after endTime 2026-01-01T00:00:00Z (INS-7)",
    ]);
    const trailArn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit";
    expect(failures("InsightsData", { trailArn, dimensions: { eventName: "PutObject" } })).to.deep.equal([]);
    expect(failures("InsightsData", { trailArn: "audit" })[0]).to.contain("(INS-9)");
    expect(
      failures("InsightsData", { trailArn, dimensions: { eventName: "a", eventSource: "b" } })[0],
    ).to.contain("(INS-9)");
    expect(failures("InsightsData", { trailArn, pageSize: 51 })[0]).to.contain("(INS-9)");
  });
});
