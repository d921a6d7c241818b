/**
 * pulumi-cloudtrail: what a Pulumi program imports. Trails and their selectors, Lake event data
 * stores, channels, dashboards and imports, and organization delegated administrators as Pulumi
 * resources; the data-plane functions (audit events, queries, lookup); validate() and the CIS
 * CloudTrail policies for policy packs (plain objects of @pulumi/policy's shapes, which is loaded
 * only by a pack). The local emulator is a package of its own, `cloudtrail-emulator`.
 */
export { Trail, type TrailArgs } from "./trail";
export { TrailEventSelectors, type TrailEventSelectorsArgs } from "./trail-event-selectors";
export {
  TrailInsightSelectors,
  type TrailInsightSelectorsArgs,
  type InsightType,
  type InsightEventCategory,
} from "./trail-insight-selectors";
export {
  TrailEventAggregation,
  type TrailEventAggregationArgs,
  type AggregationConfiguration,
  type AggregationTemplate,
} from "./trail-event-aggregation";
export { EventDataStore, type EventDataStoreArgs, type ContextKeySelector } from "./event-data-store";
export type { ResourcePolicyDocument, ResourcePolicyStatement } from "./resource-policy";
export { Channel, type ChannelArgs, type ChannelDestination } from "./channel";
export {
  Dashboard,
  type DashboardArgs,
  type DashboardWidget,
  type DashboardRefreshSchedule,
} from "./dashboard";
export {
  trailBucketPolicy,
  type TrailBucketPolicyArgs,
  type PolicyDocument,
  type PolicyStatement,
} from "./bucket-policy";
export type {
  AdvancedEventSelector,
  AdvancedEventSelectorState,
  DataResource,
  DataResourceState,
  EventSelector,
  EventSelectorState,
  FieldSelector,
  FieldSelectorState,
} from "./selectors";
export {
  LakeImport,
  type LakeImportArgs,
  type LakeImportStatistics,
  type LakeImportFailure,
} from "./lake-import";
export {
  OrganizationDelegatedAdmin,
  type OrganizationDelegatedAdminArgs,
} from "./organization-delegated-admin";
export {
  putAuditEvents,
  PutAuditEventsError,
  type AuditEventInput,
  type AuditEventAccepted,
  type AuditEventFailed,
  type PutAuditEventsOptions,
  type PutAuditEventsResult,
} from "./put-audit-events";
export {
  runQuery,
  QueryError,
  type RunQueryOptions,
  type QueryResult,
  type QueryStatistics,
  type QueryAliasRef,
} from "./run-query";
export {
  searchSampleQueries,
  generateQuery,
  type SearchSampleQueriesOptions,
  type SampleQuery,
  type GeneratedQuery,
} from "./sample-queries";
export {
  lookupEvents,
  type LookupEventsOptions,
  type LookupEvent,
  type LookupEventsIterable,
} from "./lookup-events";
export { listImportFailures, type ImportFailure } from "./list-import-failures";
export {
  startDashboardRefresh,
  type StartDashboardRefreshOptions,
  type DashboardQueryParameter,
} from "./start-dashboard-refresh";
export {
  listInsightsMetricData,
  listInsightsData,
  type ListInsightsMetricDataOptions,
  type ListInsightsDataOptions,
  type InsightsMetricData,
  type InsightsMetricPoint,
} from "./insights";
export {
  validateLogs,
  ValidateLogsError,
  type ValidateLogsOptions,
  type ValidateLogsResult,
  type ValidateLogsErrorCode,
  type CheckedFile,
  type FileStatus,
  type ValidationCounts,
  type DigestGap,
} from "./validate-logs";
export { athenaTrailTable, ATHENA_CLOUDTRAIL_COLUMNS, type AthenaTrailTableOptions } from "./athena-table";
export { InvalidArgumentsError, type LakeClientOptions } from "./lake-client";
export { startEmulator, EmulatorAdmin, type EmulatorMoved } from "./moved";
export { createCloudTrailClient, type CloudTrailConfig } from "../provider/client";
export { validate, KINDS, type Kind, type CheckFailure, type ValidationResult } from "../provider/validate";
export * from "../policy/policies";
