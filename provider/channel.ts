import {
  CreateChannelCommand,
  DeleteChannelCommand,
  GetChannelCommand,
  UpdateChannelCommand,
  paginateListChannels,
  type DestinationType,
  type Destination,
  type GetChannelResponse,
} from "@aws-sdk/client-cloudtrail";
import type * as pulumi from "@pulumi/pulumi";
import { adoptableCheck, declaredOrKept, refuseLosingKept } from "./adopt";
import { describeError, errorName, findInPages } from "./aws";
import { cloudTrail, configureFromStack } from "./config";
import { Convergence, convergeTags, readTags, tagList, type Tags } from "./converge";
import { normalize } from "./normalize";
import { defined, lower, pick, type Props } from "./props";
import { changedInputs, replacingInputs, type ReplacedBy } from "./resource";
import { convergeResourcePolicy, readResourcePolicy } from "./resource-policy";

/** UpdateChannel takes no source (CH-1): a new source is a new channel. */
export const replacedBy: ReplacedBy = { source: "" };
// A channel's lifecycle: CreateChannel; UpdateChannel for its name and destinations (CH-2);
// a new source replaces it (CH-1); PutResourcePolicy once it exists. The resource id is the channel's ARN.

/** Inputs and outputs that CloudTrail does not hold: carried from one state to the next. */
const CARRIED = ["adopt", "adopted", "__autoName"];

/** What an adopted channel keeps as it has it while the program leaves it out (`withUndeclared`). */
const KEPT_WHEN_UNDECLARED = ["tags", "resourcePolicy"];

/** The Channel resource's dynamic provider (see sdk/channel.ts). */
export const channelProvider: pulumi.dynamic.ResourceProvider = {
  configure: configureFromStack,

  check: adoptableCheck("Channel", KEPT_WHEN_UNDECLARED),

  async diff(_id: string, olds: Props, declared: Props) {
    const news = declaredOrKept(olds, declared);
    const changed = changedInputs(olds, news, ["name", "source", "destinations", "tags", "resourcePolicy"]);
    const replaces = replacingInputs(replacedBy, changed);
    refuseLosingKept(`channel "${String(olds.name)}"`, olds, declared, replaces);
    // Channel names are unique (CH-1): a replacement keeping its name deletes the old one first.
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: olds.name === news.name };
  },

  async create(inputs: Props) {
    const created = await createChannel(inputs);
    // The policy needs the channel's ARN: a failure to put it keeps the channel in state (partial), and the next up puts it.
    if (created) return { id: created.arn, outs: await converge(created.arn, created.props, inputs) };
    return adoptChannel(inputs);
  },

  async read(id: string, props: Props) {
    const current = await readChannel(id, props);
    return current ? { id, props: current } : { id: "", props: {} };
  },

  async update(id: string, olds: Props, news: Props) {
    return { outs: await converge(id, olds, { ...declaredOrKept(olds, news), adopted: olds.adopted }) };
  },

  async delete(id: string) {
    try {
      await cloudTrail().send(new DeleteChannelCommand({ Channel: id }));
    } catch (err) {
      if (errorName(err) !== "ChannelNotFoundException") throw describeError(`DeleteChannel of ${id}`, err);
    }
  },
};

/** CreateChannel; undefined when a channel of this name exists already (CH-1). */
async function createChannel(inputs: Props): Promise<{ arn: string; props: Props } | undefined> {
  const name = String(inputs.name);
  let out: GetChannelResponse | undefined;
  try {
    out = await cloudTrail().send(
      new CreateChannelCommand({
        Name: name,
        Source: String(inputs.source),
        Destinations: toWire(inputs.destinations as Props[]),
        Tags: tagList((inputs.tags ?? {}) as Tags),
      }),
    );
  } catch (err) {
    if (errorName(err) !== "ChannelAlreadyExistsException")
      throw describeError(`CreateChannel of channel "${name}"`, err);
  }
  if (!out?.ChannelArn) return undefined;
  return { arn: out.ChannelArn, props: channelProps(out, (inputs.tags ?? {}) as Tags, inputs) };
}

/** CH-1: the channel of this name taken over (adopt) when its source is the declared one; refused otherwise. */
async function adoptChannel(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const name = String(inputs.name);
  const arn = inputs.adopt ? await findByName(name) : undefined;
  if (!arn)
    throw new Error(
      `channel "${name}" already exists (CH-1); set adopt: true to take it over and bring it to the declared ` +
        `destinations and tags, or give this resource another name`,
    );
  const existing = (await readChannel(arn, inputs))!;
  if (existing.source !== inputs.source)
    throw new Error(
      `channel "${name}" exists with source ${String(existing.source)}, not ${String(inputs.source)}; a ` +
        `channel's source never changes (CH-1), so it cannot be adopted as declared`,
    );
  return {
    id: arn,
    outs: await converge(arn, existing, declaredOrKept({ ...existing, adopted: true }, inputs)),
  };
}

/** UpdateChannel with what differs of name and destinations, then tags by difference, then the policy. */
async function converge(arn: string, current: Props, desired: Props): Promise<Props> {
  const start = { ...current, ...pick(desired, CARRIED) };
  const c = new Convergence(`channel "${String(desired.name)}"`, "channel", arn, start);
  await updateSettings(c, arn, current, desired);
  await convergeTags(c, arn, current, desired);
  await convergeResourcePolicy(c, arn, current, desired);
  return c.result();
}

/** One UpdateChannel with the name and destinations that differ (CH-2). */
async function updateSettings(c: Convergence, arn: string, current: Props, desired: Props): Promise<void> {
  const settings = changedInputs(current, desired, ["name", "destinations"]);
  if (settings.length === 0) return;
  await c.step("UpdateChannel", async () => {
    await cloudTrail().send(
      new UpdateChannelCommand({
        Channel: arn,
        Name: settings.includes("name") ? String(desired.name) : undefined,
        Destinations: settings.includes("destinations") ? toWire(desired.destinations as Props[]) : undefined,
      }),
    );
    return pick(desired, settings);
  });
}

/** The channel as CloudTrail has it now (GetChannel, ListTags, GetResourcePolicy); undefined when it is gone. */
async function readChannel(arn: string, prior: Props): Promise<Props | undefined> {
  let channel: GetChannelResponse;
  try {
    channel = await cloudTrail().send(new GetChannelCommand({ Channel: arn }));
  } catch (err) {
    if (errorName(err) === "ChannelNotFoundException") return undefined;
    throw describeError(`GetChannel of ${arn}`, err);
  }
  const tags = await readTags(arn);
  return channelProps(channel, tags, prior, await readResourcePolicy(arn));
}

/** The ARN of the channel of this name (names are unique, CH-1), found by listing. */
function findByName(name: string): Promise<string | undefined> {
  return findInPages(
    paginateListChannels({ client: cloudTrail() }, {}),
    (page) => page.Channels?.find((c) => c.Name === name)?.ChannelArn,
    `ListChannels (looking up the channel named "${name}")`,
  );
}

const toWire = (destinations: Props[]): Destination[] =>
  destinations.map((d) => ({ Type: d.type as DestinationType, Location: String(d.location) }));

/** The outputs from GetChannel's (or CreateChannel's) answer, the tags and the policy. */
function channelProps(c: GetChannelResponse, tags: Tags, prior: Props, resourcePolicy?: string): Props {
  return defined({
    ...normalize("Channel", {
      name: c.Name,
      source: c.Source,
      destinations: (c.Destinations ?? []).map((d) => ({ type: d.Type, location: d.Location })),
      tags,
    }),
    resourcePolicy,
    arn: c.ChannelArn,
    ingestionStatus: ingestionStatus(c),
    ...pick(prior, CARRIED),
  });
}

/** The latest ingestion's outcome (CH-2), times as ISO strings; undefined before any ingestion. */
function ingestionStatus(c: GetChannelResponse): Props | undefined {
  const entries = Object.entries(defined(c.IngestionStatus ?? {}));
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([k, v]) => [lower(k), v instanceof Date ? v.toISOString() : v]));
}
