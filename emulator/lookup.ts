import { randomUUID } from "node:crypto";
import { userIdentity } from "./caller";
import { fail } from "./errors";
import { pageToken, readPageToken, type RequestContext } from "./context";
import { accountState, capEvents, type RecordedEvent } from "./state";
import { deliverRecordedEvent } from "./lake/delivery";

const RETENTION_MS = 90 * 24 * 3600 * 1000;
// SearchSampleQueries reads the catalogue of sample queries; GenerateQuery keeps an alias, so it writes.
const READ_ONLY = /^(Get|Describe|List|Lookup|Search)/;

/** Whether an operation only reads (it is recorded with ReadOnly "true" and changes no resource). */
export function isReadOperation(operation: string): boolean {
  return READ_ONLY.test(operation);
}

/**
 * Records one CloudTrail API call as a management event, as CloudTrail records its own API.
 * LookupEvents itself is not recorded, so that paging through the events does not shift them.
 * Keeps at most `ctx.eventLimit` events per account and region; returns the event recorded.
 */
export function recordCall(
  ctx: RequestContext,
  operation: string,
  params: Record<string, unknown>,
  error: { code: string; message: string } | undefined,
): RecordedEvent | undefined {
  if (operation === "LookupEvents") return undefined;
  const events = (accountState(ctx.state, ctx.account).events[ctx.region] ??= []);
  const cutoff = ctx.now.getTime() - RETENTION_MS;
  while (events.length > 0 && events[0].EventTime < cutoff) events.shift();
  const resourceName = ["Name", "TrailName", "ResourceId"]
    .map((k) => params[k])
    .find((v) => typeof v === "string");
  const eventId = randomUUID();
  const identity = userIdentity(ctx);
  // In AWS's record format (CloudTrail record contents), field for field, so that Lake's sample
  // queries (top users by userIdentity.arn, ...) and delivered log files read as they do on AWS.
  const record = {
    eventVersion: "1.09",
    userIdentity: identity,
    // CloudTrail writes event times to the second: 2014-03-06T21:22:54Z.
    eventTime: ctx.now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: "cloudtrail.amazonaws.com",
    eventName: operation,
    awsRegion: ctx.region,
    sourceIPAddress: ctx.caller.sourceIPAddress,
    userAgent: ctx.caller.userAgent,
    ...(error ? { errorCode: error.code, errorMessage: error.message } : {}),
    requestParameters: params,
    responseElements: null,
    requestID: ctx.caller.requestId,
    eventID: eventId,
    readOnly: isReadOperation(operation),
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ctx.account,
    eventCategory: "Management",
  };
  const event: RecordedEvent = {
    EventId: eventId,
    EventName: operation,
    ReadOnly: isReadOperation(operation) ? "true" : "false",
    AccessKeyId: ctx.accessKeyId,
    EventTime: ctx.now.getTime(),
    EventSource: "cloudtrail.amazonaws.com",
    Username: identity.type === "AssumedRole" ? ctx.accessKeyId : ctx.username,
    Resources: resourceName
      ? [{ ResourceType: "AWS::CloudTrail::Trail", ResourceName: resourceName as string }]
      : [],
    CloudTrailEvent: JSON.stringify(record),
  };
  events.push(event);
  capEvents(events, ctx.eventLimit);
  // Lake: the same event reaches every ingesting store whose selectors select it.
  deliverRecordedEvent(ctx, record);
  return event;
}

const KEYS = [
  "EventId",
  "EventName",
  "ReadOnly",
  "Username",
  "ResourceType",
  "ResourceName",
  "EventSource",
  "AccessKeyId",
];

type LookupParams = {
  LookupAttributes?: { AttributeKey: string; AttributeValue: string }[];
  StartTime?: number;
  EndTime?: number;
  EventCategory?: string;
  MaxResults?: number;
  NextToken?: string;
};

/** LOOK-1: one attribute at most, MaxResults 1-50 (default 10), StartTime not after EndTime; newest first. */
export function lookupEvents(ctx: RequestContext, p: LookupParams): Record<string, unknown> {
  const attrs = p.LookupAttributes ?? [];
  if (attrs.length > 1)
    fail("InvalidLookupAttributesException", "LookupAttributes takes at most one attribute. (LOOK-1)");
  for (const a of attrs) {
    if (!KEYS.includes(a.AttributeKey)) {
      fail(
        "InvalidLookupAttributesException",
        `AttributeKey ${a.AttributeKey} is not one of ${KEYS.join(", ")}. (LOOK-1)`,
      );
    }
  }
  if (p.EventCategory !== undefined && p.EventCategory !== "insight") {
    fail("InvalidEventCategoryException", `EventCategory ${p.EventCategory} is not valid: use insight.`);
  }
  const max = p.MaxResults ?? 10;
  if (max < 1 || max > 50)
    fail("InvalidMaxResultsException", `MaxResults ${max} is not between 1 and 50. (LOOK-1)`);
  const now = ctx.now.getTime();
  const start = p.StartTime === undefined ? now - RETENTION_MS : toMs(p.StartTime);
  const end = p.EndTime === undefined ? now : toMs(p.EndTime);
  if (start > end) fail("InvalidTimeRangeException", "StartTime is after EndTime. (LOOK-1)");
  const bound = JSON.stringify([attrs, p.StartTime, p.EndTime, p.EventCategory]);
  const offset = readPageToken(p.NextToken, bound);
  if (offset === undefined)
    fail("InvalidNextTokenException", "The NextToken does not match this request. (LOOK-1)");
  // Insight events are never produced by the emulator, so an insight lookup finds nothing.
  const source =
    p.EventCategory === "insight" ? [] : (accountState(ctx.state, ctx.account).events[ctx.region] ?? []);
  const matches = source
    .filter(
      (e) => !e.DataEvent && e.EventTime >= start && e.EventTime <= end && matchesAttribute(e, attrs[0]),
    )
    .reverse();
  const page = matches.slice(offset, offset + max);
  return {
    Events: page.map((e) => ({ ...e, EventTime: e.EventTime / 1000 })),
    NextToken: offset + max < matches.length ? pageToken(offset + max, bound) : undefined,
  };
}

function toMs(t: number | string): number {
  return typeof t === "number" ? t * 1000 : Date.parse(t);
}

function matchesAttribute(
  e: RecordedEvent,
  attr: { AttributeKey: string; AttributeValue: string } | undefined,
): boolean {
  if (!attr) return true;
  switch (attr.AttributeKey) {
    case "ResourceType":
      return e.Resources.some((r) => r.ResourceType === attr.AttributeValue);
    case "ResourceName":
      return e.Resources.some((r) => r.ResourceName === attr.AttributeValue);
    default:
      return e[attr.AttributeKey as keyof RecordedEvent] === attr.AttributeValue;
  }
}
