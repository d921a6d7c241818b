import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID, timingSafeEqual } from "node:crypto";
import { callerDetails } from "./caller";
import { Clock } from "./clock";
import { partitionOf, type RequestContext } from "./context";
import { ServiceError } from "./errors";
import { isReadOperation, lookupEvents, recordCall } from "./lookup";
import { SEED_RESOURCE_TYPES } from "./rules/selectors";
import {
  checkScope,
  JSON_RPC_AUTH_ERRORS,
  parseAuthorization,
  REST_JSON_AUTH_ERRORS,
  verifySignature,
  type AuthErrors,
} from "./sigv4";
import {
  emptyState,
  snapshotAccount,
  StateStore,
  type EmulatorState,
  type Registry,
  type StateWithEventCounts,
} from "./state";
import { FaultScript, RateLimiter, RequestLog, type Fault } from "./controls";
import { hostAllowed } from "./hosts";
import * as trails from "./trails";
import * as organization from "./organization";
import { deliverDue } from "./delivery/trail-delivery";
import { listPublicKeys } from "./delivery/signing-keys";
import { createS3Endpoint, isS3Request } from "./s3/endpoint";
import { recordObjectCall } from "./delivery/data-events";
import { checkInput, knownOperations, parseBody } from "./wire";
import * as auditEvents from "./lake/audit-events";
import * as channels from "./lake/channels";
import * as dashboards from "./lake/dashboards";
import * as stores from "./lake/event-data-stores";
import * as imports from "./lake/imports";
import * as objectStore from "./lake/object-store";
import * as queries from "./lake/queries";
import * as sampleQueries from "./lake/sample-queries";
import * as storeConfiguration from "./lake/store-configuration";
import * as lakeTags from "./lake/tags-and-policies";
import * as insights from "./insights";
import { DEFAULT_LAKE_SETTINGS, mergeLakeSettings, type LakeSettings } from "./lake/state";
import { QueryRuns, type QueryRunOptions } from "./lake/query-runs";

export type { LoggedRequest } from "./controls";

/** Both forms AWS accepts: the full namespace (older SDKs, the design card) and the short one current SDKs send. */
const TARGET_PREFIXES = ["com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.", "CloudTrail_20131101."];
const ADMIN = "/_emulator/";
/**
 * Reads that bring imports up to date with the clock, so may complete one and deliver its events;
 * and GetDashboard, which runs a scheduled refresh that fell due (DASH-5).
 */
const IMPORT_READS = new Set(["GetImport", "ListImports", "ListImportFailures", "GetDashboard"]);

type Handler = (
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
  ["PutInsightSelectors", storeConfiguration.putInsightSelectors],
  ["GetInsightSelectors", storeConfiguration.getInsightSelectors],
  ["AddTags", lakeTags.addTags],
  ["RemoveTags", lakeTags.removeTags],
  ["ListTags", lakeTags.listTags],
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
  ["PutEventConfiguration", storeConfiguration.putEventConfiguration],
  ["GetEventConfiguration", storeConfiguration.getEventConfiguration],
  ["PutResourcePolicy", lakeTags.putResourcePolicy],
  ["GetResourcePolicy", lakeTags.getResourcePolicy],
  ["DeleteResourcePolicy", lakeTags.deleteResourcePolicy],
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

/** The members CloudTrail Data binds to the query string; others are ignored, as AWS ignores them. */
const DATA_QUERY_MEMBERS = ["channelArn", "externalId"];

const MODEL_OPERATIONS = {
  cloudtrail: new Set(knownOperations("cloudtrail")),
  "cloudtrail-data": new Set(knownOperations("cloudtrail-data")),
};

/**
 * A request resolved to what serves it: the operation, its handler, the model that describes its
 * input, and the SigV4 signing name its credential scope must name (with the error names that
 * protocol refuses signatures with). CloudTrail Data (`POST /PutAuditEvents`, signing name
 * `cloudtrail-data`) resolves here too; its calls are data events, so LookupEvents does not record them.
 */
type Route = {
  operation: string;
  handler: Handler;
  model: "cloudtrail" | "cloudtrail-data";
  signingName: string;
  authErrors: AuthErrors;
  recorded: boolean;
};

function resolveRoute(req: IncomingMessage, rawPath: string): Route {
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

/** A credential the emulator knows: its requests' signatures are verified, and it names the account. */
export type KnownCredential = { secretAccessKey: string; account: string; username?: string };

export type EmulatorOptions = {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Address to bind; anything but loopback prints a warning saying what is exposed. @default "127.0.0.1" */
  host?: string;
  /** State file; written atomically after every change and read at start (events: `FILE.events`). @default none (memory only) */
  stateFile?: string;
  /** Multiplies AWS's request rates (RATE-1, RATE-2); 0 turns rate limiting off. @default 1 */
  rateScale?: number;
  /** Page size of List* operations. @default 50 */
  pageSize?: number;
  /** Account of requests signed with a key that is not in `credentials`. @default "123456789012" */
  defaultAccount?: string;
  /** Keys whose signatures are verified, by access key id. */
  credentials?: Record<string, KnownCredential>;
  /** Refuse keys not in `credentials` (UnrecognizedClientException), as AWS does. @default false */
  strictCredentials?: boolean;
  /** resources.type values accepted beyond the seed's list (AES-5). */
  extraResourceTypes?: string[];
  /** Faults scripted from the start. */
  faults?: Fault[];
  /** Resources of other services to register from the start. */
  register?: Partial<Registry> & { organizationAccounts?: string[] };
  /** The organization CloudTrail sees from the start: its management and member accounts (ORG-2). @default none */
  organization?: organization.OrganizationInput;
  /** Request bodies above this many bytes are refused (413) without being read (WIRE-1). @default 1048576 */
  maxBodyBytes?: number;
  /** Entries the request log keeps; older ones are dropped. @default 10000 */
  logLimit?: number;
  /**
   * Bytes the request log keeps, entries' parameters and responses counted; older entries are dropped.
   * An entry's parameters over 64 KB or response over 1 MB are kept as their size only. @default 67108864
   */
  logBytes?: number;
  /** Recorded events (LookupEvents) kept per account and region; older ones are dropped. @default 20000 */
  eventLimit?: number;
  /** When set, every admin call needs `authorization: Bearer <adminToken>`. @default none */
  adminToken?: string;
  /** Lake controls (EDS-15, simulated query, transition and import times, the query time limit). */
  lake?: Partial<LakeSettings>;
  /**
   * Host names answered beyond localhost, the loopback addresses and the bound address (a container's
   * name, say); `.example.test` allows a domain and its subdomains. Any other Host header is refused
   * (403) against DNS rebinding. @default none
   */
  allowedHosts?: string[];
  /** The Lake query engine's bounds: DuckDB's memory and temp-disk limits, the result budget. */
  queryEngine?: QueryRunOptions;
};

export type RunningEmulator = {
  /** Base URL, for the AWS SDK's `endpoint`. */
  url: string;
  port: number;
  stop(): Promise<void>;
};

/** An admin-endpoint refusal: status and message. */
class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
/**
 * A Host header: a host name or IPv4 address (underscores allowed, as container names have them), or
 * a bracketed IPv6 address, and an optional port.
 */
const HOST_HEADER = /^(?:\w(?:[\w.-]{0,251}\w)?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;
const MAX_CLOCK_ADVANCE_SECONDS = 100 * 366 * 24 * 3600;

/** Starts the emulator; resolves once it listens. */
export async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = new Clock();
  const limiter = new RateLimiter(options.rateScale ?? 1);
  const faults = new FaultScript();
  for (const f of options.faults ?? []) faults.add(f);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const eventLimit = options.eventLimit ?? 20_000;
  const store = options.stateFile ? new StateStore(options.stateFile, eventLimit) : undefined;
  let state: EmulatorState = store ? store.load() : emptyState();
  const initialSettings = () => ({
    pageSize: options.pageSize ?? 50,
    defaultAccount: options.defaultAccount ?? "123456789012",
    credentials: new Map(Object.entries(options.credentials ?? {})),
    resourceTypes: [...SEED_RESOURCE_TYPES, ...(options.extraResourceTypes ?? [])],
    lake: { ...DEFAULT_LAKE_SETTINGS, ...(options.lake ?? {}) },
  });
  let settings = initialSettings();
  const log = new RequestLog(options.logLimit ?? 10_000, options.logBytes ?? 64 * 1024 * 1024);
  const lakeQueries = new QueryRuns(options.queryEngine);
  register(state, options.register ?? {});
  if (options.organization) state.organization = organization.organizationFrom(options.organization);
  const host = options.host ?? "127.0.0.1";
  const answersHost = hostAllowed(host, options.allowedHosts ?? []);
  let ownOrigins: string[] = [];

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    rawPath: string,
    rawQuery: string,
    body: Buffer,
  ): Promise<void> {
    const requestId = randomUUID();
    let operation = "";
    let account = settings.defaultAccount;
    let region = "us-east-1";
    let paramsJson = "{}";
    let contentType = "application/x-amz-json-1.1";
    const entry = (outcome: string, status: number, response?: string): void => {
      if (status >= 500 || status === 0 || outcome === "ThrottlingException") retryableAnswers++;
      log.add({
        time: clock.now().toISOString(),
        operation,
        account,
        region,
        params: paramsJson,
        outcome,
        status,
        response,
      });
    };
    const send = (status: number, text: string, errorType?: string): void => {
      res.writeHead(status, {
        "content-type": contentType,
        "content-length": Buffer.byteLength(text),
        "x-amzn-requestid": requestId,
        ...(errorType ? { "x-amzn-errortype": errorType } : {}),
      });
      res.end(text);
    };
    const sendError = (e: ServiceError): void => {
      const text = JSON.stringify({ __type: e.code, message: e.message });
      send(e.status, text, e.code);
      entry(e.code, e.status, text);
    };
    try {
      const route = resolveRoute(req, rawPath);
      operation = route.operation;
      // CloudTrail Data is REST-JSON: its answers are plain JSON.
      if (route.model === "cloudtrail-data") contentType = "application/json";
      const scope = parseAuthorization(header(req, "authorization"), route.authErrors);
      const amzDate = checkScope(
        scope,
        header(req, "x-amz-date"),
        { service: route.signingName, nowMs: Date.now() },
        route.authErrors,
      );
      region = scope.region;
      const known = settings.credentials.get(scope.accessKeyId);
      if (known) {
        verifySignature(
          scope,
          amzDate,
          known.secretAccessKey,
          { method: req.method ?? "POST", rawPath, rawQuery, rawHeaders: req.rawHeaders, body },
          route.authErrors,
        );
        account = known.account;
      } else if (options.strictCredentials) {
        throw new ServiceError(
          route.authErrors.unrecognized.code,
          "The security token included in the request is invalid.",
          route.authErrors.unrecognized.status,
        );
      }
      const fault = faults.next(operation);
      if (fault?.kind === "reset") {
        entry("ConnectionReset", 0);
        req.socket.destroy();
        return;
      }
      if (fault?.kind === "latency") await new Promise((r) => setTimeout(r, fault.latencyMs ?? 1000));
      if (fault?.kind === "throttle")
        throw new ServiceError("ThrottlingException", "Rate exceeded (injected fault)");
      if (fault?.kind === "internal")
        throw new ServiceError("InternalFailure", "Internal failure (injected fault)", 500);
      if (!limiter.take(`${account}/${region}/${operation}`, operation, Date.now())) {
        throw new ServiceError("ThrottlingException", `Rate exceeded for ${operation}. (RATE-1, RATE-2)`);
      }
      const input = parseBody(body.toString("utf8"));
      // REST-JSON binds channelArn and externalId to the query string.
      if (route.model === "cloudtrail-data") {
        const query = new URLSearchParams(rawQuery);
        for (const name of DATA_QUERY_MEMBERS) {
          const value = query.get(name);
          if (value !== null) input[name] = value;
        }
      }
      const params = checkInput(route.model, operation, input);
      paramsJson = JSON.stringify(params);
      const ctx: RequestContext = {
        account,
        region,
        partition: partitionOf(region),
        accessKeyId: scope.accessKeyId,
        username: known?.username ?? "emulator-user",
        caller: callerDetails(req, requestId),
        now: clock.now(),
        state,
        pageSize: settings.pageSize,
        resourceTypes: settings.resourceTypes,
        eventLimit,
        lake: settings.lake,
        lakeAppended: [],
        lakeQueries,
      };
      const result = await apply(ctx, route, params);
      const text = JSON.stringify(result);
      send(200, text);
      entry("ok", 200, text);
    } catch (e) {
      if (e instanceof ServiceError) return sendError(e);
      console.error("cloudtrail-emulator: internal error", e);
      sendError(new ServiceError("InternalFailure", "The emulator failed to process the request.", 500));
    }
  }

  /**
   * Operations run one at a time. Most handlers never await, but StartQuery awaits the query engine:
   * were another call to run meanwhile, a rollback of the query could undo that call's change, or
   * cut off the events its recorded call delivered to stores.
   */
  let queue: Promise<unknown> = Promise.resolve();
  /**
   * Answers an SDK retries (throttling, 5xx, a reset connection) since start: what a client's retry
   * quota is spent on (admin `GET health`).
   */
  let retryableAnswers = 0;

  /**
   * Runs an operation as a transaction: a mutating one on a snapshot of the account's state (trails
   * and Lake) that is put back if the handler or the state file fails, so it applies completely or
   * not at all. Then records the call for LookupEvents (failed calls too, as CloudTrail does).
   */
  async function apply(
    ctx: RequestContext,
    route: Route,
    params: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    // A read of a query the engine still runs waits for it here, outside the queue.
    await queries.beforeRead(ctx, route.operation, params);
    const next = queue.then(() => run(ctx, route, params, !isReadOperation(route.operation)));
    queue = next.catch(() => undefined);
    return next;
  }

  async function run(
    ctx: RequestContext,
    route: Route,
    params: Record<string, unknown>,
    mutating: boolean,
  ): Promise<Record<string, unknown>> {
    // Reading an import can finish it and deliver its events: that read commits like a write.
    const commits = mutating || IMPORT_READS.has(route.operation);
    const restore = commits ? snapshotAccount(ctx.state, ctx.account) : undefined;
    let result: Record<string, unknown>;
    try {
      result = await route.handler(ctx, params as never);
      // Durable before answered (with --state): an acknowledged write survives a crash.
      if (restore) store?.commit(ctx.state, ctx.lakeAppended, "state");
    } catch (e) {
      if (restore) restore();
      ctx.lakeAppended.length = 0;
      if (route.recorded)
        record(
          ctx,
          route.operation,
          params,
          e instanceof ServiceError
            ? e
            : new ServiceError("InternalFailure", "The emulator failed to process the request.", 500),
        );
      journalLake(ctx);
      throw e;
    }
    ctx.lakeAppended.length = 0;
    if (route.recorded) record(ctx, route.operation, params, undefined);
    journalLake(ctx);
    return result;
  }

  /**
   * Appends the recorded call's delivery to stores to the Lake journal. It is the emulator's own
   * event, not a caller's write, so a journal that cannot be written loses it and nothing else.
   */
  function journalLake(ctx: RequestContext): void {
    try {
      store?.commit(ctx.state, ctx.lakeAppended, "events only");
    } catch (e) {
      console.error(`cloudtrail-emulator: could not append to the Lake journal: ${(e as Error).message}`);
    }
  }

  function record(
    ctx: RequestContext,
    operation: string,
    params: Record<string, unknown>,
    error: ServiceError | undefined,
  ): void {
    const event = recordCall(ctx, operation, params, error && { code: error.code, message: error.message });
    if (!event || !store) return;
    try {
      store.appendEvent(ctx.state, ctx.account, ctx.region, event);
    } catch (e) {
      // The call itself succeeded or failed already; a journal that cannot be written loses history only.
      console.error(`cloudtrail-emulator: could not append to the event journal: ${(e as Error).message}`);
    }
  }

  function handleAdmin(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    rawQuery: string,
    body: Buffer,
  ): void {
    const reply = (status: number, payload: unknown): void => {
      const text = typeof payload === "string" ? payload : JSON.stringify(payload);
      res.writeHead(status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
      });
      res.end(text);
    };
    try {
      if (path.startsWith(objectStore.ADMIN_PREFIX)) {
        const answer = objectRoute(req, path.slice(objectStore.ADMIN_PREFIX.length), rawQuery, body);
        if (!("bytes" in answer)) return reply(answer.status, answer.json);
        res.writeHead(200, {
          "content-type": "application/octet-stream",
          "content-length": answer.bytes.length,
        });
        return void res.end(answer.bytes);
      }
      reply(200, adminRoute(req, path, rawQuery, body));
    } catch (e) {
      if (e instanceof AdminError) return reply(e.status, { error: e.message });
      console.error("cloudtrail-emulator: admin error", e);
      reply(500, { error: "the emulator failed to process the admin call" });
    }
  }

  /**
   * Refuses an admin call, read or write, from a page of another origin (its Origin header, or a
   * browser's Sec-Fetch-Site when it sends no Origin), or without the admin token when one is set.
   */
  function checkAdminCaller(req: IncomingMessage): void {
    const origin = header(req, "origin");
    if (origin !== undefined && !ownOrigins.includes(origin)) {
      throw new AdminError(403, `admin calls are refused from origin ${origin}`);
    }
    if (header(req, "sec-fetch-site") === "cross-site") {
      throw new AdminError(403, "admin calls are refused from pages of another site");
    }
    if (options.adminToken !== undefined) {
      const expected = Buffer.from(`Bearer ${options.adminToken}`);
      const given = Buffer.from(header(req, "authorization") ?? "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new AdminError(401, "admin calls need authorization: Bearer <admin token>");
      }
    }
  }

  /**
   * The object store's admin calls. Their bodies are raw bytes, so a write must say
   * `content-type: application/octet-stream`: a browser form cannot send that type, and a page's
   * script cannot without a preflight the emulator never grants.
   */
  function objectRoute(
    req: IncomingMessage,
    path: string,
    rawQuery: string,
    body: Buffer,
  ): objectStore.ObjectAdminReply {
    checkAdminCaller(req);
    const method = req.method ?? "GET";
    if (method !== "GET" && !/^application\/octet-stream\s*(;|$)/i.test(header(req, "content-type") ?? "")) {
      throw new AdminError(415, "object store writes need content-type: application/octet-stream");
    }
    const answer = objectStore.objectAdmin(
      state.lake,
      settings.lake.objectBytes,
      method,
      path,
      rawQuery,
      body,
    );
    if (method !== "GET" && answer.status === 200) store?.save(state);
    return answer;
  }

  /** The admin endpoint: checks the caller (origin, token, content type), validates the input, answers. */
  function adminRoute(req: IncomingMessage, path: string, rawQuery: string, body: Buffer): unknown {
    checkAdminCaller(req);
    const write = req.method !== "GET";
    if (write && !/^application\/json\s*(;|$)/i.test(header(req, "content-type") ?? "")) {
      throw new AdminError(415, "admin writes need content-type: application/json");
    }
    const input = adminInput(body);
    const route = `${req.method} ${path}`;
    switch (route) {
      case "GET health":
        return { ok: true, now: clock.now().toISOString(), retryableAnswers };
      case "GET log": {
        const query = new URLSearchParams(rawQuery);
        const after = integerParam(query.get("after"), -1, Number.MAX_SAFE_INTEGER, -1, "after");
        const limit = integerParam(query.get("limit"), 1, 10_000, 1000, "limit");
        return log.page(after, limit);
      }
      case "DELETE log":
        log.clear();
        return {};
      case "POST reset":
        state = emptyState();
        lakeQueries.reset();
        register(state, options.register ?? {});
        if (options.organization) state.organization = organization.organizationFrom(options.organization);
        settings = initialSettings();
        limiter.scale = options.rateScale ?? 1;
        log.clear();
        faults.clear();
        limiter.reset();
        store?.save(state);
        store?.compact(state);
        store?.compactLake(state);
        return {};
      case "GET faults":
        return faults.pending();
      case "POST faults":
        faults.add(faultInput(input));
        return faults.pending();
      case "DELETE faults":
        faults.clear();
        return {};
      case "POST clock": {
        const seconds = input.advanceSeconds ?? 0;
        if (typeof seconds !== "number" || !(seconds >= 0 && seconds <= MAX_CLOCK_ADVANCE_SECONDS)) {
          throw new AdminError(400, `advanceSeconds takes a number from 0 to ${MAX_CLOCK_ADVANCE_SECONDS}`);
        }
        return { now: clock.advance(seconds).toISOString() };
      }
      case "POST register":
        register(state, registerInput(input));
        store?.save(state);
        return { registry: state.registry, organizationAccounts: state.organizationAccounts };
      case "POST organization":
        try {
          state.organization = organization.organizationFrom(input);
        } catch (e) {
          throw new AdminError(400, (e as Error).message);
        }
        store?.save(state);
        return { ...state.organization, delegatedAdmins: organization.delegatedAdmins(state) };
      case "POST config": {
        const { rateScale, pageSize, extraResourceTypes } = input;
        if (
          rateScale !== undefined &&
          !(typeof rateScale === "number" && rateScale >= 0 && rateScale <= 1000)
        )
          throw new AdminError(400, "rateScale takes a number from 0 to 1000");
        if (
          pageSize !== undefined &&
          !(Number.isInteger(pageSize) && (pageSize as number) >= 1 && (pageSize as number) <= 1000)
        )
          throw new AdminError(400, "pageSize takes an integer from 1 to 1000");
        if (extraResourceTypes !== undefined)
          strings(extraResourceTypes, "extraResourceTypes", /^[A-Za-z0-9:]{1,256}$/);
        if (typeof rateScale === "number") limiter.scale = rateScale;
        if (typeof pageSize === "number") settings.pageSize = pageSize;
        if (Array.isArray(extraResourceTypes)) {
          settings.resourceTypes = [...SEED_RESOURCE_TYPES, ...(extraResourceTypes as string[])];
        }
        limiter.reset();
        return {
          rateScale: limiter.scale,
          pageSize: settings.pageSize,
          resourceTypes: settings.resourceTypes,
        };
      }
      case "POST credentials": {
        const { accessKeyId, ...credential } = credentialInput(input);
        settings.credentials.set(accessKeyId, credential);
        return {};
      }
      case "GET state":
        return new URLSearchParams(rawQuery).get("events") === "count" ? withEventCounts(state) : state;
      case "POST lake":
        try {
          settings.lake = mergeLakeSettings(settings.lake, input);
        } catch (e) {
          throw new AdminError(400, (e as Error).message);
        }
        return settings.lake;
      default:
        throw new AdminError(404, `no admin route ${route}`);
    }
  }

  const server = createServer((req, res) => {
    void serve(req, res).catch((e: unknown) => {
      console.error("cloudtrail-emulator: internal error", e);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json", connection: "close" });
        res.end(JSON.stringify({ __type: "InternalFailure", message: "The emulator failed." }));
      } else res.destroy();
    });
  });

  /**
   * Trails deliver on the emulated clock: whatever has come due since the last request is delivered
   * before this one is served, so a request sees the objects and trail status of its time.
   */
  function deliver(): void {
    if (deliverDue(state, clock.now().getTime()) === 0) return;
    try {
      store?.commit(state, [], "state");
    } catch (e) {
      console.error(`cloudtrail-emulator: could not save delivered files: ${(e as Error).message}`);
    }
  }

  const serveS3 = createS3Endpoint({
    state: () => state,
    credential: (accessKeyId) => settings.credentials.get(accessKeyId),
    defaultAccount: () => settings.defaultAccount,
    recordObjectCall: (call) => {
      const event = recordObjectCall(state, call, clock.now(), eventLimit);
      try {
        store?.appendEvent(state, call.account, call.region, event);
      } catch (e) {
        console.error(`cloudtrail-emulator: could not append to the event journal: ${(e as Error).message}`);
      }
    },
    strictCredentials: options.strictCredentials ?? false,
    now: () => clock.now(),
    maxBodyBytes,
    objectBytes: () => settings.lake.objectBytes,
    readBody,
    changed: (what) => {
      try {
        store?.commit(state, [], what === "objects" ? "events only" : "state");
      } catch (e) {
        console.error(`cloudtrail-emulator: could not save the object store: ${(e as Error).message}`);
      }
    },
    log: (operation, status, outcome) =>
      log.add({
        time: clock.now().toISOString(),
        operation,
        account: "",
        region: "",
        params: "{}",
        outcome,
        status,
      }),
  });

  /** Checks the request line and Host, reads the body within the limit, then hands over (WIRE-1). */
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refuse = (status: number, code: string, message: string): void => {
      const text = JSON.stringify({ __type: code, message });
      res.writeHead(status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
        "x-amzn-errortype": code,
        connection: "close",
      });
      res.end(text);
      log.add({
        time: clock.now().toISOString(),
        operation: "",
        account: settings.defaultAccount,
        region: "",
        params: "{}",
        outcome: code,
        status,
        response: text,
      });
    };
    const target = req.url ?? "";
    const hostHeader = header(req, "host");
    if (!target.startsWith("/") || hostHeader === undefined || !HOST_HEADER.test(hostHeader)) {
      return refuse(400, "MalformedHttpRequestException", "The request target or Host header is not valid.");
    }
    if (!answersHost(hostHeader)) {
      return refuse(
        403,
        "AccessDeniedException",
        `Host ${hostHeader} is not one this emulator answers (a guard against DNS rebinding): ` +
          `use localhost or a loopback address, or start it with --allowed-host NAME.`,
      );
    }
    deliver();
    const q = target.indexOf("?");
    const rawPath = q < 0 ? target : target.slice(0, q);
    const rawQuery = q < 0 ? "" : target.slice(q + 1);
    // The S3 endpoint reads its own body: its refusals (EntityTooLarge) are S3's XML errors.
    if (!rawPath.startsWith(ADMIN) && isS3Request(req, rawPath)) return serveS3(req, res, rawPath, rawQuery);
    const declared = Number(header(req, "content-length") ?? 0);
    if (!(declared <= maxBodyBytes)) {
      refuse(413, "RequestEntityTooLargeException", `Request bodies are limited to ${maxBodyBytes} bytes.`);
      return void res.once("finish", () => req.destroy());
    }
    const body = await readBody(req, maxBodyBytes);
    if (!body) {
      refuse(413, "RequestEntityTooLargeException", `Request bodies are limited to ${maxBodyBytes} bytes.`);
      return void res.once("finish", () => req.destroy());
    }
    if (rawPath.startsWith(ADMIN)) return handleAdmin(req, res, rawPath.slice(ADMIN.length), rawQuery, body);
    await handleApi(req, res, rawPath, rawQuery, body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  ownOrigins = [host.includes(":") ? `[${host}]` : host, "127.0.0.1", "localhost", "[::1]"]
    .concat((options.allowedHosts ?? []).filter((h) => !h.startsWith(".")))
    .map((h) => `http://${h}:${port}`);
  if (!LOOPBACK.test(host)) {
    console.warn(
      `cloudtrail-emulator: listening on ${host}:${port}, beyond this machine: anyone who can reach it can ` +
        `call the CloudTrail API and the admin endpoint ${ADMIN} (reset, state, credentials and their secrets)` +
        (options.adminToken
          ? "; admin calls need the admin token."
          : "; set --admin-token to guard admin calls."),
    );
  }
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await lakeQueries.close();
    },
  };
}

/** One header's value (the first, if repeated). */
function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the body, or resolves undefined as soon as it passes `limit` bytes (and stops reading). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        chunks.length = 0;
        resolve(undefined);
      } else chunks.push(c);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/** An admin body: empty, or a JSON object. */
function adminInput(body: Buffer): Record<string, unknown> {
  const text = body.toString("utf8");
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = parseBody(text);
  } catch (e) {
    throw new AdminError(400, `body must be a JSON object: ${(e as Error).message}`);
  }
  return parsed as Record<string, unknown>;
}

function strings(value: unknown, name: string, pattern: RegExp): string[] {
  if (
    !Array.isArray(value) ||
    value.length > 1000 ||
    !value.every((v) => typeof v === "string" && pattern.test(v))
  ) {
    throw new AdminError(400, `${name} takes a list of at most 1000 strings matching ${pattern.source}`);
  }
  return value as string[];
}

function integerParam(text: string | null, min: number, max: number, fallback: number, name: string): number {
  if (text === null) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new AdminError(400, `${name} takes an integer from ${min} to ${max}`);
  return n;
}

function faultInput(input: Record<string, unknown>): Fault {
  const { operation, kind, count, latencyMs } = input;
  if (typeof operation !== "string" || !(operation === "*" || OPERATIONS.has(operation)))
    throw new AdminError(400, "operation takes an operation name or *");
  if (kind !== "throttle" && kind !== "internal" && kind !== "reset" && kind !== "latency")
    throw new AdminError(400, "kind takes throttle, internal, reset or latency");
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 1_000_000)
    throw new AdminError(400, "count takes an integer from 1 to 1000000");
  if (
    latencyMs !== undefined &&
    !(Number.isInteger(latencyMs) && (latencyMs as number) >= 0 && (latencyMs as number) <= 600_000)
  )
    throw new AdminError(400, "latencyMs takes an integer from 0 to 600000");
  return { operation, kind, count: count as number, latencyMs: latencyMs as number | undefined };
}

const REGISTRY_KINDS: (keyof Registry)[] = ["s3Buckets", "kmsKeys", "snsTopics", "iamRoles", "logGroups"];

function registerInput(
  input: Record<string, unknown>,
): Partial<Registry> & { organizationAccounts?: string[] } {
  const out: Partial<Registry> & { organizationAccounts?: string[] } = {};
  for (const kind of REGISTRY_KINDS)
    if (input[kind] !== undefined) out[kind] = strings(input[kind], kind, /^\S{1,2048}$/);
  if (input.organizationAccounts !== undefined)
    out.organizationAccounts = strings(input.organizationAccounts, "organizationAccounts", /^\d{12}$/);
  return out;
}

function credentialInput(input: Record<string, unknown>): KnownCredential & { accessKeyId: string } {
  const { accessKeyId, secretAccessKey, account, username } = input;
  if (typeof accessKeyId !== "string" || !/^\w{1,128}$/.test(accessKeyId))
    throw new AdminError(400, "accessKeyId takes 1 to 128 letters, digits or underscores");
  if (typeof secretAccessKey !== "string" || secretAccessKey.length < 1 || secretAccessKey.length > 256)
    throw new AdminError(400, "secretAccessKey takes a string of 1 to 256 characters");
  if (typeof account !== "string" || !/^\d{12}$/.test(account))
    throw new AdminError(400, "account takes 12 digits");
  if (username !== undefined && !(typeof username === "string" && /^[\w+=,.@-]{1,64}$/.test(username)))
    throw new AdminError(400, "username takes an IAM user name");
  return { accessKeyId, secretAccessKey, account, username };
}

function register(
  state: EmulatorState,
  input: Partial<Registry> & { organizationAccounts?: string[] },
): void {
  for (const kind of REGISTRY_KINDS) {
    const names = input[kind];
    if (names) state.registry[kind] = [...new Set([...state.registry[kind], ...names])];
  }
  if (input.organizationAccounts) {
    state.organizationAccounts = [...new Set([...state.organizationAccounts, ...input.organizationAccounts])];
  }
}

/**
 * The state with each event data store's events replaced by their number: what a test compares
 * resources by, without sending every stored event on each read.
 */
function withEventCounts(state: EmulatorState): StateWithEventCounts {
  const regions = Object.entries(state.lake.regions).map(([key, region]) => [
    key,
    {
      ...region,
      stores: Object.fromEntries(
        Object.entries(region.stores).map(([id, store]) => [id, { ...store, events: store.events.length }]),
      ),
    },
  ]);
  return { ...state, lake: { ...state.lake, regions: Object.fromEntries(regions) } };
}
