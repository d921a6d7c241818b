/**
 * The CloudTrail API's request pipeline, in its order: route, signature, fault, rate, parse; then
 * the operation runs as a transaction (transactions.ts) and the answer is sent and logged.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { callerDetails } from "../caller";
import { partitionOf, type RequestContext } from "../context";
import { internalFailure, ServiceError } from "../errors";
import { checkScope, parseAuthorization, verifySignature, type SignatureScope } from "../sigv4";
import { checkInput, parseBody } from "../wire";
import type { KnownCredential } from "./options";
import type { EmulatorInstance } from "./instance";
import { header } from "./http";
import { resolveRoute, type Route } from "./router";
import type { Transactions } from "./transactions";

/** The members CloudTrail Data binds to the query string; others are ignored, as AWS ignores them. */
const DATA_QUERY_MEMBERS = ["channelArn", "externalId"];

/** An API request as the transport hands it over: its body read within the limit. */
export type ApiRequest = {
  req: IncomingMessage;
  res: ServerResponse;
  rawPath: string;
  rawQuery: string;
  body: Buffer;
};

/** Who signed a request: the credential scope, the account it acts in, and the known key, if any. */
type Caller = { scope: SignatureScope; account: string; known?: KnownCredential };

/** What the log and the answer say of a request, filled in as the pipeline learns it. */
type Exchange = {
  requestId: string;
  operation: string;
  account: string;
  region: string;
  paramsJson: string;
  contentType: string;
};

/** The signature's credential scope, checked against the route's signing name and the request's date. */
function signedScope(route: Route, req: IncomingMessage): { scope: SignatureScope; amzDate: string } {
  const scope = parseAuthorization(header(req, "authorization"), route.authErrors);
  const amzDate = checkScope(
    scope,
    header(req, "x-amz-date"),
    { service: route.signingName, nowMs: Date.now() },
    route.authErrors,
  );
  return { scope, amzDate };
}

/**
 * Verifies the signature of a known key (whose account the call acts in), refuses an unknown key
 * with strict credentials, and lets it act in the default account otherwise.
 */
function authenticate(
  emulator: EmulatorInstance,
  route: Route,
  request: ApiRequest,
  { scope, amzDate }: { scope: SignatureScope; amzDate: string },
): Caller {
  const { req, rawPath, rawQuery, body } = request;
  const known = emulator.settings.credentials.get(scope.accessKeyId);
  if (known) {
    verifySignature(
      scope,
      amzDate,
      known.secretAccessKey,
      { method: req.method ?? "POST", rawPath, rawQuery, rawHeaders: req.rawHeaders, body },
      route.authErrors,
    );
    return { scope, account: known.account, known };
  }
  if (emulator.options.strictCredentials) {
    throw new ServiceError(
      route.authErrors.unrecognized.code,
      "The security token included in the request is invalid.",
      route.authErrors.unrecognized.status,
    );
  }
  return { scope, account: emulator.settings.defaultAccount };
}

/**
 * Applies the fault scripted for this call, if any: "reset" when the connection is to be reset
 * (nothing is answered); a latency waits; a throttle or a 500 is thrown as the error AWS would answer.
 */
async function injectFault(emulator: EmulatorInstance, operation: string): Promise<"reset" | undefined> {
  const fault = emulator.faults.next(operation);
  if (fault?.kind === "reset") return "reset";
  if (fault?.kind === "latency") await new Promise((r) => setTimeout(r, fault.latencyMs ?? 1000));
  if (fault?.kind === "throttle")
    throw new ServiceError("ThrottlingException", "Rate exceeded (injected fault)");
  if (fault?.kind === "internal")
    throw new ServiceError("InternalFailure", "Internal failure (injected fault)", 500);
  return undefined;
}

/** AWS's request rates per account, region and operation (RATE-1, RATE-2). */
function checkRate(emulator: EmulatorInstance, account: string, region: string, operation: string): void {
  if (!emulator.limiter.take(`${account}/${region}/${operation}`, operation, Date.now())) {
    throw new ServiceError("ThrottlingException", `Rate exceeded for ${operation}. (RATE-1, RATE-2)`);
  }
}

/** The body's JSON checked against the operation's input shape; REST-JSON binds two members to the query string. */
function parseParams(route: Route, request: ApiRequest): Record<string, unknown> {
  const input = parseBody(request.body.toString("utf8"));
  if (route.model === "cloudtrail-data") {
    const query = new URLSearchParams(request.rawQuery);
    for (const name of DATA_QUERY_MEMBERS) {
      const value = query.get(name);
      if (value !== null) input[name] = value;
    }
  }
  return checkInput(route.model, route.operation, input);
}

function requestContext(
  emulator: EmulatorInstance,
  caller: Caller,
  request: ApiRequest,
  requestId: string,
): RequestContext {
  const { settings } = emulator;
  return {
    account: caller.account,
    region: caller.scope.region,
    partition: partitionOf(caller.scope.region),
    accessKeyId: caller.scope.accessKeyId,
    username: caller.known?.username ?? "emulator-user",
    caller: callerDetails(request.req, requestId),
    now: emulator.clock.now(),
    state: emulator.state,
    pageSize: settings.pageSize,
    resourceTypes: settings.resourceTypes,
    eventLimit: emulator.eventLimit,
    lake: settings.lake,
    lakeAppended: [],
    lakeQueries: emulator.lakeQueries,
  };
}

/** Serves one CloudTrail (or CloudTrail Data) API request: the pipeline, the answer, its log entry. */
export async function serveApi(
  emulator: EmulatorInstance,
  transactions: Transactions,
  request: ApiRequest,
): Promise<void> {
  const exchange: Exchange = {
    requestId: randomUUID(),
    operation: "",
    account: emulator.settings.defaultAccount,
    region: "us-east-1",
    paramsJson: "{}",
    contentType: "application/x-amz-json-1.1",
  };
  try {
    const route = resolveRoute(request.req, request.rawPath);
    exchange.operation = route.operation;
    // CloudTrail Data is REST-JSON: its answers are plain JSON.
    if (route.model === "cloudtrail-data") exchange.contentType = "application/json";
    const signed = signedScope(route, request.req);
    exchange.region = signed.scope.region;
    const caller = authenticate(emulator, route, request, signed);
    exchange.account = caller.account;
    if ((await injectFault(emulator, route.operation)) === "reset") {
      logEntry(emulator, exchange, "ConnectionReset", 0);
      return void request.req.socket.destroy();
    }
    checkRate(emulator, caller.account, caller.scope.region, route.operation);
    const params = parseParams(route, request);
    exchange.paramsJson = JSON.stringify(params);
    const ctx = requestContext(emulator, caller, request, exchange.requestId);
    const text = JSON.stringify(await transactions.apply(ctx, route, params));
    send(request.res, exchange, 200, text);
    logEntry(emulator, exchange, "ok", 200, text);
  } catch (e) {
    if (!(e instanceof ServiceError)) console.error("cloudtrail-emulator: internal error", e);
    const error = e instanceof ServiceError ? e : internalFailure();
    const text = JSON.stringify({ __type: error.code, message: error.message });
    send(request.res, exchange, error.status, text, error.code);
    logEntry(emulator, exchange, error.code, error.status, text);
  }
}

function send(
  res: ServerResponse,
  exchange: Exchange,
  status: number,
  text: string,
  errorType?: string,
): void {
  res.writeHead(status, {
    "content-type": exchange.contentType,
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": exchange.requestId,
    ...(errorType ? { "x-amzn-errortype": errorType } : {}),
  });
  res.end(text);
}

function logEntry(
  emulator: EmulatorInstance,
  exchange: Exchange,
  outcome: string,
  status: number,
  response?: string,
): void {
  if (status >= 500 || status === 0 || outcome === "ThrottlingException") emulator.retryableAnswers++;
  const { operation, account, region, paramsJson: params } = exchange;
  emulator.logRequest({ operation, account, region, params, outcome, status, response });
}
