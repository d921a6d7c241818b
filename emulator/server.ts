import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { Clock } from "./clock";
import { partitionOf, type RequestContext } from "./context";
import { ServiceError } from "./errors";
import { isReadOperation, lookupEvents, recordCall } from "./lookup";
import { SEED_RESOURCE_TYPES } from "./rules/selectors";
import { parseAuthorization, verifySignature } from "./sigv4";
import { emptyState, loadState, saveState, type EmulatorState, type Registry } from "./state";
import { FaultScript, RateLimiter, type Fault } from "./controls";
import * as trails from "./trails";
import * as auditEvents from "./lake/audit-events";
import * as channels from "./lake/channels";
import * as stores from "./lake/event-data-stores";
import * as imports from "./lake/imports";
import * as objectStore from "./lake/object-store";
import * as queries from "./lake/queries";
import * as storeConfiguration from "./lake/store-configuration";
import * as lakeTags from "./lake/tags-and-policies";
import { DEFAULT_LAKE_SETTINGS, mergeLakeSettings, type LakeSettings } from "./lake/state";
import { checkInput, knownOperations } from "./wire";

/** Both forms AWS accepts: the full namespace (older SDKs, the design card) and the short one current SDKs send. */
const TARGET_PREFIXES = ["com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.", "CloudTrail_20131101."];
const ADMIN = "/_emulator/";

type Handler = (
  ctx: RequestContext,
  params: never,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** The router: X-Amz-Target operation name to handler, stated explicitly. */
const OPERATIONS: Record<string, Handler> = {
  CreateTrail: trails.createTrail,
  GetTrail: trails.getTrail,
  DescribeTrails: trails.describeTrails,
  ListTrails: trails.listTrails,
  UpdateTrail: trails.updateTrail,
  DeleteTrail: trails.deleteTrail,
  GetTrailStatus: trails.getTrailStatus,
  StartLogging: trails.startLogging,
  StopLogging: trails.stopLogging,
  PutEventSelectors: trails.putEventSelectors,
  GetEventSelectors: trails.getEventSelectors,
  PutInsightSelectors: storeConfiguration.putInsightSelectors,
  GetInsightSelectors: storeConfiguration.getInsightSelectors,
  AddTags: lakeTags.addTags,
  RemoveTags: lakeTags.removeTags,
  ListTags: lakeTags.listTags,
  LookupEvents: lookupEvents,
  CreateEventDataStore: stores.createEventDataStore,
  GetEventDataStore: stores.getEventDataStore,
  ListEventDataStores: stores.listEventDataStores,
  UpdateEventDataStore: stores.updateEventDataStore,
  DeleteEventDataStore: stores.deleteEventDataStore,
  RestoreEventDataStore: stores.restoreEventDataStore,
  StartEventDataStoreIngestion: stores.startEventDataStoreIngestion,
  StopEventDataStoreIngestion: stores.stopEventDataStoreIngestion,
  EnableFederation: stores.enableFederation,
  DisableFederation: stores.disableFederation,
  PutEventConfiguration: storeConfiguration.putEventConfiguration,
  GetEventConfiguration: storeConfiguration.getEventConfiguration,
  PutResourcePolicy: lakeTags.putResourcePolicy,
  GetResourcePolicy: lakeTags.getResourcePolicy,
  DeleteResourcePolicy: lakeTags.deleteResourcePolicy,
  CreateChannel: channels.createChannel,
  GetChannel: channels.getChannel,
  ListChannels: channels.listChannels,
  UpdateChannel: channels.updateChannel,
  DeleteChannel: channels.deleteChannel,
  StartImport: imports.startImport,
  StopImport: imports.stopImport,
  GetImport: imports.getImport,
  ListImports: imports.listImports,
  ListImportFailures: imports.listImportFailures,
  StartQuery: queries.startQuery,
  DescribeQuery: queries.describeQuery,
  GetQueryResults: queries.getQueryResults,
  CancelQuery: queries.cancelQuery,
  ListQueries: queries.listQueries,
};

/** The CloudTrail Data router (REST-JSON): request path to handler. */
const DATA_OPERATIONS: Record<string, Handler> = {
  "/PutAuditEvents": auditEvents.putAuditEvents,
};

const MODEL_OPERATIONS = {
  cloudtrail: new Set(knownOperations("cloudtrail")),
  "cloudtrail-data": new Set(knownOperations("cloudtrail-data")),
};

/** A credential the emulator knows: its requests' signatures are verified, and it names the account. */
export type KnownCredential = { secretAccessKey: string; account: string; username?: string };

export type EmulatorOptions = {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** State file; written atomically after every change and read at start. @default none (memory only) */
  stateFile?: string;
  /** Multiplies AWS's request rates (RATE-1, RATE-2); 0 turns rate limiting off. @default 1 */
  rateScale?: number;
  /** Page size of List* operations. @default 50 */
  pageSize?: number;
  /** Account of requests signed with a key that is not in `credentials`. @default "123456789012" */
  defaultAccount?: string;
  /** Keys whose signatures are verified, by access key id. */
  credentials?: Record<string, KnownCredential>;
  /** resources.type values accepted beyond the seed's list (AES-5). */
  extraResourceTypes?: string[];
  /** Faults scripted from the start. */
  faults?: Fault[];
  /** Resources of other services to register from the start. */
  register?: Partial<Registry> & { organizationAccounts?: string[] };
  /** Lake controls (EDS-15, simulated query, transition and import times). */
  lake?: Partial<LakeSettings>;
};

/** One entry of the request log. */
export type LoggedRequest = {
  time: string;
  operation: string;
  account: string;
  region: string;
  params: unknown;
  /** "ok" or the AWS error code answered. */
  outcome: string;
  status: number;
  /** The JSON body answered (absent for a reset connection). */
  response?: unknown;
};

export type RunningEmulator = {
  /** Base URL, for the AWS SDK's `endpoint`. */
  url: string;
  port: number;
  stop(): Promise<void>;
};

const LOG_LIMIT = 50_000;

/** Starts the emulator; resolves once it listens. */
export async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = new Clock();
  const limiter = new RateLimiter(options.rateScale ?? 1);
  const faults = new FaultScript();
  for (const f of options.faults ?? []) faults.add(f);
  let state: EmulatorState = options.stateFile ? loadState(options.stateFile) : emptyState();
  const initialSettings = () => ({
    pageSize: options.pageSize ?? 50,
    defaultAccount: options.defaultAccount ?? "123456789012",
    credentials: { ...(options.credentials ?? {}) },
    resourceTypes: [...SEED_RESOURCE_TYPES, ...(options.extraResourceTypes ?? [])],
    lake: { ...DEFAULT_LAKE_SETTINGS, ...(options.lake ?? {}) },
  });
  let settings = initialSettings();
  let log: LoggedRequest[] = [];
  register(state, options.register ?? {});

  const persist = (): void => {
    if (options.stateFile) saveState(options.stateFile, state);
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    const requestId = randomUUID();
    // CloudTrail Data is REST-JSON on the same port: the path names the operation.
    const data = Object.hasOwn(DATA_OPERATIONS, url.pathname) && req.method === "POST";
    const service = data ? "cloudtrail-data" : "cloudtrail";
    const target = data ? url.pathname : String(req.headers["x-amz-target"] ?? "");
    const prefix = TARGET_PREFIXES.find((p) => target.startsWith(p));
    const operation = data ? target.slice(1) : prefix ? target.slice(prefix.length) : "";
    const handler = data ? DATA_OPERATIONS[url.pathname] : OPERATIONS[operation];
    let account = settings.defaultAccount;
    let region = "us-east-1";
    let params: Record<string, unknown> = {};
    const entry = (outcome: string, status: number, response?: unknown): void => {
      log.push({
        time: clock.now().toISOString(),
        operation,
        account,
        region,
        params,
        outcome,
        status,
        response,
      });
      if (log.length > LOG_LIMIT) log = log.slice(-LOG_LIMIT);
    };
    /** Sends the payload; returns the JSON text sent, so the log need not serialise it again. */
    const send = (status: number, payload: unknown): string => {
      const text = JSON.stringify(payload);
      res.writeHead(status, {
        "content-type": data ? "application/json" : "application/x-amz-json-1.1",
        "content-length": Buffer.byteLength(text),
        "x-amzn-requestid": requestId,
      });
      res.end(text);
      return text;
    };
    const sendError = (e: ServiceError): void => {
      res.setHeader("x-amzn-errortype", e.code);
      const payload = { __type: e.code, message: e.message };
      send(e.status, payload);
      entry(e.code, e.status, payload);
    };
    try {
      if (req.method !== "POST" || !operation || !MODEL_OPERATIONS[service].has(operation) || !handler) {
        throw new ServiceError(
          "UnknownOperationException",
          `Operation ${target || "(none)"} is not supported.`,
        );
      }
      const scope = parseAuthorization(req.headers);
      region = scope.region;
      const known = settings.credentials[scope.accessKeyId];
      if (known) {
        await verifySignature(scope, known.secretAccessKey, req.method, url, req.headers, body);
        account = known.account;
      }
      if (scope.service !== service) {
        throw new ServiceError(
          "InvalidSignatureException",
          `Credential should be scoped to correct service: '${service}'.`,
          403,
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
      try {
        params = body.trim() === "" ? {} : (JSON.parse(body) as Record<string, unknown>);
      } catch {
        throw new ServiceError("SerializationException", "The request body is not valid JSON.");
      }
      if (typeof params !== "object" || params === null || Array.isArray(params)) {
        params = {};
        throw new ServiceError("SerializationException", "The request body must be a JSON object.");
      }
      // REST-JSON binds channelArn and externalId to the query string.
      if (data) for (const [k, v] of url.searchParams) params[k] = v;
      checkInput(service, operation, params);
      const ctx: RequestContext = {
        account,
        region,
        partition: partitionOf(region),
        accessKeyId: scope.accessKeyId,
        username: known?.username ?? "emulator-user",
        now: clock.now(),
        state,
        pageSize: settings.pageSize,
        resourceTypes: settings.resourceTypes,
        lake: settings.lake,
      };
      let result: Record<string, unknown>;
      try {
        result = await handler(ctx, params as never);
      } catch (e) {
        if (!data) recordCall(ctx, operation, params, e instanceof ServiceError ? e.code : "InternalFailure");
        throw e;
      }
      if (!data) recordCall(ctx, operation, params, undefined);
      // Reads change nothing but the lookup log; the next change writes that too.
      if (!isReadOperation(operation)) persist();
      entry("ok", 200, JSON.parse(send(200, result)));
    } catch (e) {
      if (e instanceof ServiceError) return sendError(e);
      console.error("cloudtrail-emulator: internal error", e);
      sendError(new ServiceError("InternalFailure", "The emulator failed to process the request.", 500));
    }
  }

  function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string, body: string): void {
    const reply = (status: number, payload: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    let input: Record<string, unknown> = {};
    try {
      input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return reply(400, { error: "body is not valid JSON" });
    }
    const route = `${req.method} ${path}`;
    switch (route) {
      case "GET health":
        return reply(200, { ok: true, now: clock.now().toISOString() });
      case "GET log":
        return reply(200, log);
      case "DELETE log":
        log = [];
        return reply(200, {});
      case "POST reset":
        state = emptyState();
        register(state, options.register ?? {});
        settings = initialSettings();
        limiter.scale = options.rateScale ?? 1;
        log = [];
        faults.clear();
        limiter.reset();
        persist();
        return reply(200, {});
      case "GET faults":
        return reply(200, faults.pending());
      case "POST faults":
        faults.add(input as unknown as Fault);
        return reply(200, faults.pending());
      case "DELETE faults":
        faults.clear();
        return reply(200, {});
      case "POST clock":
        return reply(200, { now: clock.advance(Number(input.advanceSeconds ?? 0)).toISOString() });
      case "POST register":
        register(state, input);
        persist();
        return reply(200, { registry: state.registry, organizationAccounts: state.organizationAccounts });
      case "POST config":
        if (typeof input.rateScale === "number") limiter.scale = input.rateScale;
        if (typeof input.pageSize === "number") settings.pageSize = input.pageSize;
        if (Array.isArray(input.extraResourceTypes)) {
          settings.resourceTypes = [...SEED_RESOURCE_TYPES, ...(input.extraResourceTypes as string[])];
        }
        limiter.reset();
        return reply(200, {
          rateScale: limiter.scale,
          pageSize: settings.pageSize,
          resourceTypes: settings.resourceTypes,
        });
      case "POST credentials":
        settings.credentials[String(input.accessKeyId)] = input as unknown as KnownCredential;
        return reply(200, {});
      case "GET state":
        return reply(200, state);
      case "POST lake":
        try {
          settings.lake = mergeLakeSettings(settings.lake, input);
        } catch (e) {
          return reply(400, { error: (e as Error).message });
        }
        return reply(200, settings.lake);
      default:
        return reply(404, { error: `no admin route ${route}` });
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const body = raw.toString("utf8");
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
      // Objects are bytes (gzipped log files), so the object store gets the body unconverted.
      if (url.pathname.startsWith(`${ADMIN}${objectStore.ADMIN_PREFIX}`)) {
        objectStore.handleAdmin(state.lake, req.method ?? "GET", url, raw, res);
        if (req.method !== "GET") persist();
        return;
      }
      if (url.pathname.startsWith(ADMIN))
        return handleAdmin(req, res, url.pathname.slice(ADMIN.length), body);
      void handleApi(req, res, url, body);
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function register(state: EmulatorState, input: Partial<Registry> & { organizationAccounts?: unknown }): void {
  for (const kind of Object.keys(state.registry) as (keyof Registry)[]) {
    const names = input[kind];
    if (Array.isArray(names))
      state.registry[kind] = [...new Set([...state.registry[kind], ...names.map(String)])];
  }
  if (Array.isArray(input.organizationAccounts)) {
    state.organizationAccounts = [
      ...new Set([...state.organizationAccounts, ...input.organizationAccounts.map(String)]),
    ];
  }
}
