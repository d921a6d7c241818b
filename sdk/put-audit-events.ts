import { createHash, randomUUID } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { StandardRetryStrategy } from "@smithy/util-retry";
import type { RetryErrorType } from "@smithy/types";
import { createCloudTrailClient } from "../provider/client";
import type { CheckFailure } from "../provider/validate";
import { resolveEndpoint } from "./endpoint";
import {
  InvalidArgumentsError,
  checkArguments,
  pacer,
  resolveClientConfig,
  sleep,
  type LakeClientOptions,
} from "./lake-client";

/** AUD-1: events per request. */
const MAX_EVENTS = 100;
/** AUD-1: bytes of request body per request. */
const MAX_BYTES = 1024 * 1024;
/** `{"auditEvents":[]}`: the body around the events. */
const EMPTY_BODY_BYTES = Buffer.byteLength(JSON.stringify({ auditEvents: [] }));

/** One audit event to send: the event itself, with an id and checksum when the caller has them. */
export interface AuditEventInput {
  /** The event's id: 1-128 letters, digits, `-` or `_`, unique in the call (AUD-1, AUD-2). @default a random UUID */
  id?: string;
  /** The event: an object (sent as JSON) or a JSON string sent as it is (AUD-1). */
  eventData: Record<string, unknown> | string;
  /** base64(SHA-256(eventData)) (AUD-3). @default computed from eventData */
  eventDataChecksum?: string;
}

/** Options of {@link putAuditEvents}. */
export interface PutAuditEventsOptions extends LakeClientOptions {
  /** The external ID the channel's resource policy requires (AUD-4). @default none */
  externalId?: string;
  /** Called after each request with the events handled so far and the total. @default none */
  onBatch?: (done: number, total: number) => void;
}

/** An event CloudTrail accepted. */
export interface AuditEventAccepted {
  /** The event's id, given or generated. */
  id: string;
  /** The position of the event in the call's `events`. */
  index: number;
  /** The id CloudTrail gave the event. */
  eventID: string;
}

/** An event CloudTrail refused; the others of its request may still have been accepted (AUD-3). */
export interface AuditEventFailed {
  /** The event's id, given or generated. */
  id: string;
  /** The position of the event in the call's `events`. */
  index: number;
  /** CloudTrail's error code, such as `InvalidChecksum`. */
  errorCode: string;
  /** CloudTrail's message. */
  errorMessage: string;
}

/** Every event's outcome across the call's requests. */
export interface PutAuditEventsResult {
  /** The events CloudTrail accepted, in the order of `events`. */
  successful: AuditEventAccepted[];
  /** The events CloudTrail refused or that were not sent; never left out. */
  failed: AuditEventFailed[];
  /** PutAuditEvents requests sent, retries not counted. */
  requests: number;
}

/** A request refused as a whole (after the SDK's retries): its events and every later one were not ingested. */
export class PutAuditEventsError extends Error {
  /** `PutAuditEventsError`. */
  override readonly name = "PutAuditEventsError";

  constructor(
    message: string,
    /** CloudTrail's error code, such as `ChannelNotFound`. */
    readonly code: string,
    /** The outcome of every event: earlier requests as CloudTrail answered, the rest failed with `code`. */
    readonly result: PutAuditEventsResult,
  ) {
    super(message);
  }
}

type WireEvent = { id: string; eventData: string; eventDataChecksum: string };
type Answer = { status: number; code?: string; body: Record<string, unknown> };

/**
 * Sends events to a CloudTrail Lake channel (CloudTrail Data's PutAuditEvents), in as many
 * requests as AUD-1 needs (at most 100 events and 1 MB each), paced at RATE-2's 100 per second.
 * Ids are generated where missing and checksums computed (AUD-3); the arguments are checked
 * first (duplicate ids, AUD-2, refuse the whole call before anything is sent). Requests are
 * signed with SigV4 for `cloudtrail-data` and retried with the SDK's standard retry strategy.
 * Events CloudTrail refuses one by one are in `failed`; a request refused as a whole throws
 * {@link PutAuditEventsError} with every event's outcome.
 */
export async function putAuditEvents(
  channelArn: string,
  events: (AuditEventInput | string)[],
  options: PutAuditEventsOptions = {},
): Promise<PutAuditEventsResult> {
  checkShapes(channelArn, events, options);
  const wire = events.map(toWire);
  checkIds(wire);
  const batches = toBatches(wire);
  let offset = 0;
  for (const batch of batches) {
    const at = offset;
    checkArguments(
      "putAuditEvents",
      "AuditEvents",
      { channelArn, externalId: options.externalId, auditEvents: batch },
      (p) => p.replace(/^auditEvents\[(\d+)\]/, (_, i: string) => `events[${at + Number(i)}]`),
    );
    offset += batch.length;
  }
  const config = resolveClientConfig(options);
  const configured = await resolveEndpoint(
    "putAuditEvents",
    "CloudTrail Data",
    config.endpoint,
    config.profile,
  );
  const region = config.region ?? (await createCloudTrailClient(config).config.region());
  const endpoint = new URL(configured ?? `https://cloudtrail-data.${region}.amazonaws.com`);
  const signer = new SignatureV4({
    credentials: config.credentials ?? defaultProvider({ profile: config.profile }),
    region,
    service: "cloudtrail-data",
    sha256: Sha256,
  });
  const http = new NodeHttpHandler();
  const retries = new StandardRetryStrategy(config.maxAttempts ?? 8);
  const result: PutAuditEventsResult = { successful: [], failed: [], requests: 0 };
  let done = 0;
  try {
    for (const batch of batches) {
      const answer = await sendWithRetries(retries, async () => {
        await pacer.wait("PutAuditEvents");
        const query: Record<string, string> = { channelArn };
        if (options.externalId !== undefined) query.externalId = options.externalId;
        const request = new HttpRequest({
          method: "POST",
          protocol: endpoint.protocol,
          hostname: endpoint.hostname,
          port: endpoint.port ? Number(endpoint.port) : undefined,
          path: "/PutAuditEvents",
          query,
          headers: { host: endpoint.host, "content-type": "application/json" },
          body: JSON.stringify({ auditEvents: batch }),
        });
        return send(http, (await signer.sign(request)) as HttpRequest);
      });
      result.requests++;
      const index = new Map(batch.map((e, i) => [e.id, done + i]));
      if (answer.status >= 300) {
        const code = answer.code ?? `HTTP${answer.status}`;
        const message = String(answer.body.message ?? answer.body.Message ?? "");
        for (const [i, e] of wire.slice(done).entries())
          result.failed.push({ id: e.id, index: done + i, errorCode: code, errorMessage: message });
        throw new PutAuditEventsError(
          `putAuditEvents: PutAuditEvents refused events ${done}-${done + batch.length - 1} of ${wire.length}: ${code}: ${message}`,
          code,
          result,
        );
      }
      for (const s of (answer.body.successful ?? []) as { id: string; eventID: string }[])
        result.successful.push({ id: s.id, index: index.get(s.id) ?? -1, eventID: s.eventID });
      for (const f of (answer.body.failed ?? []) as { id: string; errorCode: string; errorMessage: string }[])
        result.failed.push({
          id: f.id,
          index: index.get(f.id) ?? -1,
          errorCode: f.errorCode,
          errorMessage: f.errorMessage,
        });
      // An event the answer does not mention is failed, never dropped.
      const answered = new Set([...result.successful, ...result.failed].map((e) => e.id));
      for (const e of batch)
        if (!answered.has(e.id))
          result.failed.push({
            id: e.id,
            index: index.get(e.id)!,
            errorCode: "NoOutcome",
            errorMessage: "CloudTrail's answer did not mention this event",
          });
      done += batch.length;
      options.onBatch?.(done, wire.length);
    }
  } finally {
    http.destroy();
  }
  return result;
}

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "an array" : typeof v);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The arguments' shapes, before anything reads them: a plain event where `{ eventData }` is
 * expected, or an eventData that is neither an object nor a JSON string, is named with its index.
 */
function checkShapes(channelArn: unknown, events: unknown, options: unknown): void {
  const failures: CheckFailure[] = [];
  if (typeof channelArn !== "string")
    failures.push({
      property: "channelArn",
      reason: `a channel ARN or ID (a string); got ${typeOf(channelArn)} (AUD-4)`,
    });
  if (options !== undefined && !isObject(options))
    failures.push({ property: "options", reason: `an object of options; got ${typeOf(options)}` });
  if (!Array.isArray(events)) {
    failures.push({
      property: "events",
      reason: `an array of { eventData } objects or JSON strings; got ${typeOf(events)} (AUD-1)`,
    });
  } else {
    events.forEach((e: unknown, i) => {
      if (typeof e === "string") return;
      if (!isObject(e))
        failures.push({
          property: `events[${i}]`,
          reason: `an { eventData } object or a JSON string; got ${typeOf(e)} (AUD-1)`,
        });
      else if (!("eventData" in e))
        failures.push({
          property: `events[${i}]`,
          reason:
            "a plain event where { eventData } is expected: pass { eventData: event } " +
            "(and optionally id, eventDataChecksum) (AUD-1)",
        });
      else if (typeof e.eventData !== "string" && !isObject(e.eventData))
        failures.push({
          property: `events[${i}].eventData`,
          reason: `the event as an object or a JSON string; got ${typeOf(e.eventData)} (AUD-1)`,
        });
    });
  }
  if (failures.length > 0) throw new InvalidArgumentsError("putAuditEvents", failures);
}

function toWire(event: AuditEventInput | string): WireEvent {
  const given = typeof event === "string" ? { eventData: event } : event;
  const eventData = typeof given.eventData === "string" ? given.eventData : JSON.stringify(given.eventData);
  return {
    id: given.id ?? randomUUID(),
    eventData,
    eventDataChecksum: given.eventDataChecksum ?? createHash("sha256").update(eventData).digest("base64"),
  };
}

/** AUD-2 across the whole call: a duplicate id would be refused in its request, or ingested twice across two. */
function checkIds(events: WireEvent[]): void {
  const first = new Map<string, number>();
  const failures = events.flatMap((e, i) => {
    const seen = first.get(e.id);
    if (seen === undefined) {
      first.set(e.id, i);
      return [];
    }
    return [
      {
        property: `events[${i}].id`,
        reason: `Id ${e.id} is also the id of events[${seen}]; ids are unique (AUD-2)`,
      },
    ];
  });
  if (failures.length > 0) throw new InvalidArgumentsError("putAuditEvents", failures);
}

/** AUD-1: consecutive events, at most 100 and 1 MB of request body per request. */
function toBatches(events: WireEvent[]): WireEvent[][] {
  const batches: WireEvent[][] = [];
  let current: WireEvent[] = [];
  let bytes = EMPTY_BODY_BYTES;
  events.forEach((e, i) => {
    // The event's JSON in the body and the comma before it.
    const size = Buffer.byteLength(JSON.stringify(e)) + 1;
    if (EMPTY_BODY_BYTES + size - 1 > MAX_BYTES)
      throw new InvalidArgumentsError("putAuditEvents", [
        {
          property: `events[${i}].eventData`,
          reason: `The event takes ${size - 1} bytes of a request; a request carries at most 1 MB (AUD-1)`,
        },
      ]);
    if (current.length === MAX_EVENTS || bytes + size - (current.length === 0 ? 1 : 0) > MAX_BYTES) {
      batches.push(current);
      current = [];
      bytes = EMPTY_BODY_BYTES;
    }
    bytes += size - (current.length === 0 ? 1 : 0);
    current.push(e);
  });
  if (current.length > 0) batches.push(current);
  return batches;
}

async function send(http: NodeHttpHandler, request: HttpRequest): Promise<Answer> {
  const { response } = await http.handle(request);
  const chunks: Buffer[] = [];
  for await (const chunk of response.body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  const text = Buffer.concat(chunks).toString("utf8");
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { message: text };
  }
  // REST-JSON names the error in x-amzn-errortype (`Code:uri`), else in the body's __type.
  const header = response.headers["x-amzn-errortype"] ?? String(body.__type ?? "");
  const code = header.split(":")[0].split("#").pop() || undefined;
  return { status: response.statusCode, code: response.statusCode >= 300 ? code : undefined, body };
}

/** What the SDK's retry strategy makes of an answer: undefined when it is final. */
function retryType(answer: Answer): RetryErrorType | undefined {
  if (answer.status < 300) return undefined;
  if (answer.status === 429 || /Throttl|TooManyRequests|LimitExceeded/.test(answer.code ?? ""))
    return "THROTTLING";
  if (answer.status >= 500) return "SERVER_ERROR";
  return undefined;
}

/** Sends with the SDK's standard retry strategy: throttling, 5xx and network errors are retried with its backoff. */
async function sendWithRetries(
  strategy: StandardRetryStrategy,
  attempt: () => Promise<Answer>,
): Promise<Answer> {
  let token = await strategy.acquireInitialRetryToken("cloudtrail-data:PutAuditEvents");
  for (;;) {
    let answer: Answer | undefined;
    let errorType: RetryErrorType | undefined;
    let error: Error | undefined;
    try {
      answer = await attempt();
      errorType = retryType(answer);
    } catch (e) {
      error = e as Error;
      errorType = "TRANSIENT";
    }
    if (errorType === undefined && answer) {
      strategy.recordSuccess(token);
      return answer;
    }
    try {
      token = await strategy.refreshRetryTokenForRetry(token, { errorType: errorType! });
    } catch {
      if (answer) return answer;
      throw error;
    }
    await sleep(token.getRetryDelay());
  }
}
