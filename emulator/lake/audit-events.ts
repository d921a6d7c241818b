import { createHash, randomUUID } from "node:crypto";
import { fail } from "../errors";
import type { RequestContext } from "../context";
import { isIngesting, regionStores } from "./event-data-stores";
import { CHANNEL_ARN } from "./channels";
import { accountEventBytes, addEvents } from "./delivery";
import { jsonDepth } from "../wire";
import type { ChannelRecord, EventDataStoreRecord } from "./state";
import { unmetAllowConditions, evaluatePolicy, type PolicyRequest } from "../rules/resource-policy";

type Json = Record<string, unknown>;
type AuditEvent = { id: string; eventData: string; eventDataChecksum?: string };

/** AUD-1: at most 1 MB of events in one request. */
const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * The largest eventData kept: a store's Standard MaxEventSize (256 KB); the Large size needs an
 * event configuration, which stores of ActivityAuditLog events do not take. Larger is FieldTooLong.
 */
const MAX_EVENT_BYTES = 256 * 1024;

/**
 * How deep eventData may nest. AWS documents no figure; CloudTrail's own records nest under 10
 * levels, and a depth in the thousands would overflow the stack of everything that later walks the
 * event (the query engine, the journal), so deeper eventData is an InvalidData failure of that event.
 */
export const MAX_EVENT_DEPTH = 64;

/**
 * Finds the channel named by ARN or ID suffix, in the caller's account or, by ARN, in another
 * account (AUD-4), and checks the channel's resource policy for the call: an explicit Deny refuses
 * anyone, another account needs an Allow naming it (its id, its root or the caller's exact ARN) for
 * `cloudtrail-data:PutAuditEvents` with every condition met (`cloudtrail:ExternalId` among them),
 * and the owner is refused only when it meets none of the conditions the policy's Allows for the
 * action set (the external ID the policy includes is required of every caller).
 */
function channelFor(ctx: RequestContext, ref: string, externalId: string | undefined): ChannelRecord {
  const m = CHANNEL_ARN.exec(ref);
  if (ref.startsWith("arn:") && !m) fail("InvalidChannelARN", `${ref} is not a valid channel ARN. (AUD-4)`);
  if (!m && !/^[A-Za-z0-9._-]{1,256}$/.test(ref))
    fail("InvalidChannelARN", `${ref} is not a valid channel ARN or ID. (AUD-4)`);
  const owner = m ? m[3] : ctx.account;
  const region = m ? m[2] : ctx.region;
  const arn = m ? ref : `arn:${ctx.partition}:cloudtrail:${ctx.region}:${ctx.account}:channel/${ref}`;
  const key = `${owner}/${region}`;
  const channels = Object.hasOwn(ctx.state.lake.regions, key) ? ctx.state.lake.regions[key].channels : {};
  const channel = Object.hasOwn(channels, arn) ? channels[arn] : undefined;
  if (!channel) return fail("ChannelNotFound", `The channel ${ref} does not exist. (AUD-4)`);
  const request: PolicyRequest = {
    account: ctx.account,
    principalArn: `arn:${ctx.partition}:iam::${ctx.account}:user/${ctx.username}`,
    action: "cloudtrail-data:PutAuditEvents",
    resource: channel.ChannelArn,
    context: {
      "aws:PrincipalAccount": ctx.account,
      "aws:PrincipalArn": `arn:${ctx.partition}:iam::${ctx.account}:user/${ctx.username}`,
      "cloudtrail:ExternalId": externalId,
    },
  };
  const decision = evaluatePolicy(channel.ResourcePolicy, request);
  const refused =
    decision === "ExplicitDeny" ||
    (owner !== ctx.account
      ? decision !== "Allow"
      : decision !== "Allow" && unmetAllowConditions(channel.ResourcePolicy, request));
  if (refused)
    fail(
      "ChannelInsufficientPermission",
      `Account ${ctx.account} may not put events to channel ${arn}: its resource policy ${
        decision === "ExplicitDeny" ? "denies it" : "does not allow it (principal, action or external ID)"
      }. (AUD-4)`,
    );
  return channel;
}

/**
 * PutAuditEvents (CloudTrail Data): AUD-1 to AUD-4. Each accepted event gets an eventID and is
 * delivered to the channel's ingesting stores as `{ eventData, metadata: { ingestionTime, channelARN } }`.
 */
export function putAuditEvents(
  ctx: RequestContext,
  p: { channelArn: string; externalId?: string; auditEvents: AuditEvent[] },
): Json {
  if (p.externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(p.externalId))
    fail(
      "ValidationException",
      "externalId must be 2 to 1224 characters of letters, digits and +=,.@:/-. (AUD-4)",
    );
  if (p.auditEvents.length < 1 || p.auditEvents.length > 100)
    fail("ValidationException", `auditEvents takes 1 to 100 events; got ${p.auditEvents.length}. (AUD-1)`);
  const bytes = p.auditEvents.reduce(
    (n, e) => n + Buffer.byteLength(e.eventData ?? "") + Buffer.byteLength(e.id ?? ""),
    0,
  );
  if (bytes > MAX_REQUEST_BYTES)
    fail("ValidationException", `The request's events are ${bytes} bytes; the limit is 1 MB. (AUD-1)`);
  const seen = new Set<string>();
  for (const e of p.auditEvents) {
    if (!/^[-_A-Za-z0-9]{1,128}$/.test(e.id))
      fail(
        "ValidationException",
        `Event id ${e.id} must be 1 to 128 characters of letters, digits, '-' and '_'. (AUD-1)`,
      );
    if (seen.has(e.id))
      fail("DuplicatedAuditEventId", `Event id ${e.id} appears more than once in the request. (AUD-2)`);
    seen.add(e.id);
  }
  const channel = channelFor(ctx, p.channelArn, p.externalId);
  const owner = CHANNEL_ARN.exec(channel.ChannelArn)!;
  const storeCtx = { ...ctx, account: owner[3], region: owner[2] };
  const stores = regionStores(storeCtx);
  const successful: Json[] = [];
  const failed: Json[] = [];
  const now = ctx.now;
  for (const e of p.auditEvents) {
    channel.ingestion.LatestIngestionAttemptTime = now.getTime();
    channel.ingestion.LatestIngestionAttemptEventID = e.id;
    const invalid = eventProblem(e);
    const event = invalid
      ? undefined
      : {
          eventData: JSON.parse(e.eventData) as Json,
          metadata: { ingestionTime: now.toISOString(), channelARN: channel.ChannelArn },
        };
    const problem = invalid ?? roomProblem(storeCtx, channel, stores, event!);
    if (problem || !event) {
      failed.push({ id: e.id, ...problem });
      channel.ingestion.LatestIngestionErrorCode = problem?.errorCode;
      continue;
    }
    const eventID = randomUUID();
    for (const d of channel.Destinations) {
      const store = Object.hasOwn(stores, d.Location) ? stores[d.Location] : undefined;
      if (store && isIngesting(storeCtx, store)) addEvents(storeCtx, store, [event]);
    }
    channel.ingestion.LatestIngestionSuccessTime = now.getTime();
    channel.ingestion.LatestIngestionSuccessEventID = eventID;
    successful.push({ id: e.id, eventID });
  }
  return { successful, failed };
}

/**
 * The owner's stores hold at most LakeSettings.accountEventBytes of events: an event that would
 * pass it in any ingesting destination is a Throttling failure of that event, stored nowhere.
 */
function roomProblem(
  ctx: RequestContext,
  channel: ChannelRecord,
  stores: Record<string, EventDataStoreRecord>,
  event: Json,
): { errorCode: string; errorMessage: string } | undefined {
  const copies = channel.Destinations.filter(
    (d) => Object.hasOwn(stores, d.Location) && isIngesting(ctx, stores[d.Location]),
  ).length;
  // As addEvents counts it.
  const bytes = JSON.stringify(event).length * copies;
  if (accountEventBytes(ctx) + bytes <= ctx.lake.accountEventBytes) return undefined;
  return {
    errorCode: "Throttling",
    errorMessage: `Account ${ctx.account}'s event data stores hold the ${ctx.lake.accountEventBytes} bytes of events this emulator keeps per account (accountEventBytes, --lake-event-bytes): delete a store, or start it with a larger limit.`,
  };
}

/**
 * AUD-3 and the event's own content (size, nesting, a JSON object): a failure entry, or undefined
 * when the event is accepted. Checked before anything is stored, so no event can poison its store.
 */
function eventProblem(e: AuditEvent): { errorCode: string; errorMessage: string } | undefined {
  if (e.eventDataChecksum !== undefined) {
    const digest = createHash("sha256").update(e.eventData).digest("base64");
    if (digest !== e.eventDataChecksum)
      return {
        errorCode: "InvalidChecksum",
        errorMessage: "eventDataChecksum is not base64(SHA-256(eventData)). (AUD-3)",
      };
  }
  const bytes = Buffer.byteLength(e.eventData);
  if (bytes > MAX_EVENT_BYTES)
    return {
      errorCode: "FieldTooLong",
      errorMessage: `eventData is ${bytes} bytes; stores keep events of at most ${MAX_EVENT_BYTES} bytes (MaxEventSize Standard). (AUD-1)`,
    };
  if (jsonDepth(e.eventData) > MAX_EVENT_DEPTH)
    return {
      errorCode: "InvalidData",
      errorMessage: `eventData nests deeper than ${MAX_EVENT_DEPTH} levels. (AUD-1)`,
    };
  let data: unknown;
  try {
    data = JSON.parse(e.eventData);
  } catch {
    return { errorCode: "InvalidData", errorMessage: "eventData is not valid JSON. (AUD-1)" };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return { errorCode: "InvalidData", errorMessage: "eventData must be a JSON object. (AUD-1)" };
  return undefined;
}
