import { randomUUID } from "node:crypto";
import { fail } from "../errors";
import { pageToken, readPageToken, type RequestContext } from "../context";
import { checkTagCount, checkTags, type Tag } from "../rules/names";
import { findStore, storeKind } from "./event-data-stores";
import { lakeRegion, type ChannelRecord } from "./state";

type Json = Record<string, unknown>;
type Destination = { Type: string; Location: string };

/** CH-1 */
const MAX_CHANNELS = 25;
export const CHANNEL_ARN = /^arn:(aws[a-z-]*):cloudtrail:([a-z0-9-]+):(\d{12}):channel\/([A-Za-z0-9._-]+)$/;

function regionChannels(ctx: RequestContext): Record<string, ChannelRecord> {
  return lakeRegion(ctx.state.lake, ctx.account, ctx.region).channels;
}

/** Finds a channel by ARN or ID suffix (ChannelARNInvalidException, ChannelNotFoundException). */
export function findChannel(ctx: RequestContext, ref: string): ChannelRecord {
  if (
    ref.length < 3 ||
    ref.length > 256 ||
    !/^[a-zA-Z0-9._/\-:]+$/.test(ref) ||
    (ref.startsWith("arn:") && !CHANNEL_ARN.test(ref))
  ) {
    fail("ChannelARNInvalidException", `The channel ARN or ID ${ref} is not valid.`);
  }
  const arn = ref.startsWith("arn:") ? ref : channelArn(ctx, ref);
  const channels = regionChannels(ctx);
  return Object.hasOwn(channels, arn)
    ? channels[arn]
    : fail("ChannelNotFoundException", `The channel ${ref} does not exist.`);
}

function channelArn(ctx: RequestContext, id: string): string {
  return `arn:${ctx.partition}:cloudtrail:${ctx.region}:${ctx.account}:channel/${id}`;
}

function checkChannelName(ctx: RequestContext, name: string, except?: ChannelRecord): void {
  if (name.length < 3 || name.length > 128 || !/^[a-zA-Z0-9._-]+$/.test(name)) {
    fail(
      "InvalidParameterException",
      `Channel name ${name} is not valid: 3 to 128 characters of letters, digits, '.', '_' and '-'. (NAME-3)`,
    );
  }
  if (Object.values(regionChannels(ctx)).some((c) => c !== except && c.Name === name))
    fail("ChannelAlreadyExistsException", `A channel named ${name} already exists. (CH-1)`);
}

/** CH-1: destinations are active event data stores of category ActivityAuditLog, named by ARN. */
function checkDestinations(ctx: RequestContext, destinations: Destination[]): Destination[] {
  if (destinations.length < 1 || destinations.length > 200)
    fail(
      "InvalidParameterException",
      `A channel takes 1 to 200 destinations; got ${destinations.length}. (CH-1)`,
    );
  return destinations.map((d) => {
    if (d.Type !== "EVENT_DATA_STORE")
      fail(
        "InvalidParameterException",
        `Destination type ${d.Type} is not supported: use EVENT_DATA_STORE. (CH-1)`,
      );
    const store = findStore(ctx, d.Location, true);
    if (storeKind(store) !== "channel") {
      fail(
        "InvalidEventDataStoreCategoryException",
        `Event data store ${store.Name} does not collect ActivityAuditLog events; a channel cannot deliver to it. (CH-1)`,
      );
    }
    return { Type: d.Type, Location: store.EventDataStoreArn };
  });
}

export function createChannel(
  ctx: RequestContext,
  p: { Name: string; Source: string; Destinations: Destination[]; Tags?: Tag[] },
): Json {
  checkChannelName(ctx, p.Name);
  if (p.Source !== "Custom" && !/^[A-Za-z0-9._-]{1,256}$/.test(p.Source)) {
    fail("InvalidSourceException", `Source ${p.Source} is not Custom or a partner source name. (CH-1)`);
  }
  const destinations = checkDestinations(ctx, p.Destinations);
  const tags = p.Tags ?? [];
  checkTags(tags);
  checkTagCount(tags.length);
  if (Object.keys(regionChannels(ctx)).length >= MAX_CHANNELS) {
    fail(
      "ChannelMaxLimitExceededException",
      `Account ${ctx.account} already has ${MAX_CHANNELS} channels in ${ctx.region}. (CH-1)`,
    );
  }
  const channel: ChannelRecord = {
    ChannelArn: channelArn(ctx, randomUUID()),
    Name: p.Name,
    Source: p.Source,
    Destinations: destinations,
    Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value ?? "" })),
    ingestion: {},
  };
  regionChannels(ctx)[channel.ChannelArn] = channel;
  return {
    ChannelArn: channel.ChannelArn,
    Name: channel.Name,
    Source: channel.Source,
    Destinations: destinations,
    Tags: channel.Tags,
  };
}

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);

/** CH-2: Source, Destinations and the latest ingestion's outcome. */
export function getChannel(ctx: RequestContext, p: { Channel: string }): Json {
  const c = findChannel(ctx, p.Channel);
  return {
    ChannelArn: c.ChannelArn,
    Name: c.Name,
    Source: c.Source,
    Destinations: c.Destinations,
    IngestionStatus: {
      ...c.ingestion,
      LatestIngestionSuccessTime: seconds(c.ingestion.LatestIngestionSuccessTime),
      LatestIngestionAttemptTime: seconds(c.ingestion.LatestIngestionAttemptTime),
    },
  };
}

export function listChannels(ctx: RequestContext, p: { MaxResults?: number; NextToken?: string }): Json {
  const max = p.MaxResults ?? ctx.pageSize;
  // ListChannels lists no InvalidParameterException: a MaxResults out of range fails the model's check.
  if (max < 1 || max > 1000) fail("ValidationException", `MaxResults ${max} is not between 1 and 1000.`);
  const offset = readPageToken(p.NextToken, "ListChannels");
  if (offset === undefined) fail("InvalidNextTokenException", "The NextToken is not valid.");
  const channels = Object.values(regionChannels(ctx)).sort((a, b) => a.Name.localeCompare(b.Name));
  return {
    Channels: channels.slice(offset, offset + max).map((c) => ({ ChannelArn: c.ChannelArn, Name: c.Name })),
    NextToken: offset + max < channels.length ? pageToken(offset + max, "ListChannels") : undefined,
  };
}

/** CH-2: only Name and Destinations change; Source stays what it was created with. */
export function updateChannel(
  ctx: RequestContext,
  p: { Channel: string; Name?: string; Destinations?: Destination[] },
): Json {
  const c = findChannel(ctx, p.Channel);
  if (p.Name !== undefined && p.Name !== c.Name) checkChannelName(ctx, p.Name, c);
  const destinations = p.Destinations === undefined ? c.Destinations : checkDestinations(ctx, p.Destinations);
  c.Name = p.Name ?? c.Name;
  c.Destinations = destinations;
  return { ChannelArn: c.ChannelArn, Name: c.Name, Source: c.Source, Destinations: c.Destinations };
}

export function deleteChannel(ctx: RequestContext, p: { Channel: string }): Json {
  const c = findChannel(ctx, p.Channel);
  delete regionChannels(ctx)[c.ChannelArn];
  return {};
}
