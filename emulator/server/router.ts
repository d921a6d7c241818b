/**
 * The router: which operation a request names and what serves it. `OPERATIONS` is the one table of
 * CloudTrail's operations, one line each; CloudTrail Data (REST-JSON, `POST /PutAuditEvents`) has its own.
 */
import type { IncomingMessage } from "node:http";
import type { RequestContext } from "../context";
import { ServiceError } from "../errors";
import { JSON_RPC_AUTH_ERRORS, REST_JSON_AUTH_ERRORS, type AuthErrors } from "../sigv4";
import { knownOperations } from "../wire";
import { lookupEvents } from "../lookup";
import { listPublicKeys } from "../delivery/signing-keys";
import * as insights from "../insights";
import * as organization from "../organization";
import * as tags from "../tags";
import * as eventConfiguration from "../trail-aggregation";
import * as trails from "../trails";
import * as auditEvents from "../lake/audit-events";
import * as channels from "../lake/channels";
import * as dashboards from "../lake/dashboards";
import * as stores from "../lake/event-data-stores";
import * as imports from "../lake/imports";
import * as queries from "../lake/queries";
import * as resourcePolicies from "../lake/resource-policies";
import * as sampleQueries from "../lake/sample-queries";
import { header } from "./http";

/** Both forms AWS accepts: the full namespace (older SDKs, the design card) and the short one current SDKs send. */
const TARGET_PREFIXES = ["com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.", "CloudTrail_20131101."];

/** An operation's handler: the request's context and its checked parameters in, the answer's members out. */
export type Handler = (
  ctx: RequestContext,
  params: never,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** The router: X-Amz-Target operation name to handler, stated explicitly. */
const OPERATIONS = new Map<string, Handler>([
  ["CreateTrail", trails.createTrail],
  ["GetTrail", trails.getTrail],
  ["DescribeTrails", trails.describeTrails],
  ["ListTrails", trails.listTrails],
  ["UpdateTrail", trails.updateTrail],
  ["DeleteTrail", trails.deleteTrail],
  ["GetTrailStatus", trails.getTrailStatus],
  ["StartLogging", trails.startLogging],
  ["StopLogging", trails.stopLogging],
  ["PutEventSelectors", trails.putEventSelectors],
  ["GetEventSelectors", trails.getEventSelectors],
  ["PutInsightSelectors", insights.putInsightSelectors],
  ["GetInsightSelectors", insights.getInsightSelectors],
  ["AddTags", tags.addTags],
  ["RemoveTags", tags.removeTags],
  ["ListTags", tags.listTags],
  ["LookupEvents", lookupEvents],
  ["ListPublicKeys", listPublicKeys],
  ["CreateEventDataStore", stores.createEventDataStore],
  ["GetEventDataStore", stores.getEventDataStore],
  ["ListEventDataStores", stores.listEventDataStores],
  ["UpdateEventDataStore", stores.updateEventDataStore],
  ["DeleteEventDataStore", stores.deleteEventDataStore],
  ["RestoreEventDataStore", stores.restoreEventDataStore],
  ["StartEventDataStoreIngestion", stores.startEventDataStoreIngestion],
  ["StopEventDataStoreIngestion", stores.stopEventDataStoreIngestion],
  ["EnableFederation", stores.enableFederation],
  ["DisableFederation", stores.disableFederation],
  ["PutEventConfiguration", eventConfiguration.putEventConfiguration],
  ["GetEventConfiguration", eventConfiguration.getEventConfiguration],
  ["PutResourcePolicy", resourcePolicies.putResourcePolicy],
  ["GetResourcePolicy", resourcePolicies.getResourcePolicy],
  ["DeleteResourcePolicy", resourcePolicies.deleteResourcePolicy],
  ["CreateChannel", channels.createChannel],
  ["GetChannel", channels.getChannel],
  ["ListChannels", channels.listChannels],
  ["UpdateChannel", channels.updateChannel],
  ["DeleteChannel", channels.deleteChannel],
  ["StartImport", imports.startImport],
  ["StopImport", imports.stopImport],
  ["GetImport", imports.getImport],
  ["ListImports", imports.listImports],
  ["ListImportFailures", imports.listImportFailures],
  ["StartQuery", queries.startQuery],
  ["DescribeQuery", queries.describeQuery],
  ["GetQueryResults", queries.getQueryResults],
  ["CancelQuery", queries.cancelQuery],
  ["ListQueries", queries.listQueries],
  ["RegisterOrganizationDelegatedAdmin", organization.registerOrganizationDelegatedAdmin],
  ["DeregisterOrganizationDelegatedAdmin", organization.deregisterOrganizationDelegatedAdmin],
  ["CreateDashboard", dashboards.createDashboard],
  ["GetDashboard", dashboards.getDashboard],
  ["ListDashboards", dashboards.listDashboards],
  ["UpdateDashboard", dashboards.updateDashboard],
  ["DeleteDashboard", dashboards.deleteDashboard],
  ["StartDashboardRefresh", dashboards.startDashboardRefresh],
  ["ListInsightsMetricData", insights.listInsightsMetricData],
  ["ListInsightsData", insights.listInsightsData],
  ["SearchSampleQueries", sampleQueries.searchSampleQueries],
  ["GenerateQuery", sampleQueries.generateQuery],
]);

/** The CloudTrail Data router (REST-JSON on the same port): request path to operation and handler. */
const DATA_OPERATIONS = new Map<string, { operation: string; handler: Handler }>([
  ["/PutAuditEvents", { operation: "PutAuditEvents", handler: auditEvents.putAuditEvents }],
]);

const MODEL_OPERATIONS = {
  cloudtrail: new Set(knownOperations("cloudtrail")),
  "cloudtrail-data": new Set(knownOperations("cloudtrail-data")),
};

/** Whether `name` is a CloudTrail operation the emulator serves (a fault may name it). */
export function isOperation(name: string): boolean {
  return OPERATIONS.has(name);
}

/**
 * A request resolved to what serves it: the operation, its handler, the model that describes its
 * input, and the SigV4 signing name its credential scope must name (with the error names that
 * protocol refuses signatures with). CloudTrail Data (`POST /PutAuditEvents`, signing name
 * `cloudtrail-data`) resolves here too; its calls are data events, so LookupEvents does not record them.
 */
export type Route = {
  operation: string;
  handler: Handler;
  model: "cloudtrail" | "cloudtrail-data";
  signingName: string;
  authErrors: AuthErrors;
  recorded: boolean;
};

/** The route of an API request; an operation the emulator does not serve is UnknownOperationException. */
export function resolveRoute(req: IncomingMessage, rawPath: string): Route {
  const data = DATA_OPERATIONS.get(rawPath);
  if (data && req.method === "POST" && MODEL_OPERATIONS["cloudtrail-data"].has(data.operation)) {
    return {
      ...data,
      model: "cloudtrail-data",
      signingName: "cloudtrail-data",
      authErrors: REST_JSON_AUTH_ERRORS,
      recorded: false,
    };
  }
  const target = header(req, "x-amz-target") ?? "";
  const prefix = TARGET_PREFIXES.find((p) => target.startsWith(p));
  const operation = prefix ? target.slice(prefix.length) : "";
  const handler = OPERATIONS.get(operation);
  if (req.method !== "POST" || !handler || !MODEL_OPERATIONS.cloudtrail.has(operation)) {
    throw new ServiceError("UnknownOperationException", `Operation ${target || "(none)"} is not supported.`);
  }
  return {
    operation,
    handler,
    model: "cloudtrail",
    signingName: "cloudtrail",
    authErrors: JSON_RPC_AUTH_ERRORS,
    recorded: true,
  };
}
