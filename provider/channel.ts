import {
  AddTagsCommand,
  CreateChannelCommand,
  DeleteChannelCommand,
  GetChannelCommand,
  ListChannelsCommand,
  RemoveTagsCommand,
  UpdateChannelCommand,
  type Destination,
  type GetChannelResponse,
} from "@aws-sdk/client-cloudtrail";
import type * as pulumi from "@pulumi/pulumi";
import { cloudTrail, configureFromStack } from "./config";
import { normalize } from "./normalize";
import { convergeResourcePolicy, readResourcePolicy } from "./resource-policy";
import {
  PartialCreateError,
  defined,
  changedInputs,
  checkNamedInputs,
  declaredOrKept,
  describeError,
  errorName,
  readTags,
  refuseLosingKept,
  tagChanges,
  tagList,
  withUndeclared,
  type Tags,
  type Props,
  type ReplacedBy,
  replacingInputs,
} from "./resource";

// A channel's lifecycle: CreateChannel; UpdateChannel for its name and destinations (CH-2);
// a new source replaces it (CH-1); PutResourcePolicy once it exists. The resource id is the channel's ARN.

const CARRIED = ["adopt", "adopted", "__autoName"];

/** What an adopted channel keeps as it has it while the program leaves it out (`withUndeclared`). */
const KEPT_WHEN_UNDECLARED = ["tags", "resourcePolicy"];

/** UpdateChannel takes no source (CH-1): a new source is a new channel. */
export const replacedBy: ReplacedBy = { source: "" };

const toWire = (destinations: Props[]): Destination[] =>
  destinations.map((d) => ({ Type: d.type as never, Location: String(d.location) }));

function pick(props: Props, keys: string[]): Props {
  return Object.fromEntries(keys.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

/** The latest ingestion's outcome (CH-2), times as ISO strings; undefined before any ingestion. */
function ingestionStatus(c: GetChannelResponse): Props | undefined {
  const entries = Object.entries(c.IngestionStatus ?? {}).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([k, v]) => [lower(k), v instanceof Date ? v.toISOString() : v]));
}

const lower = (s: string) => s[0].toLowerCase() + s.slice(1);

function channelProps(c: GetChannelResponse, tags: Tags, prior: Props, resourcePolicy?: string): Props {
  const props: Props = {
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
  };
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

async function readChannel(arn: string, prior: Props): Promise<Props | undefined> {
  const client = cloudTrail();
  let channel: GetChannelResponse;
  try {
    channel = await client.send(new GetChannelCommand({ Channel: arn }));
  } catch (err) {
    if (errorName(err) === "ChannelNotFoundException") return undefined;
    throw describeError(`GetChannel of ${arn}`, err);
  }
  const tags = await readTags(arn);
  return channelProps(channel, tags, prior, await readResourcePolicy(arn));
}

/** UpdateChannel with what differs of name and destinations, then tags by difference, then the policy. */
async function converge(arn: string, current: Props, desired: Props): Promise<Props> {
  const client = cloudTrail();
  const name = String(desired.name);
  let applied: Props = { ...current, ...pick(desired, CARRIED) };
  const step = async (action: string, call: () => Promise<Props>): Promise<void> => {
    try {
      applied = { ...applied, ...(await call()) };
    } catch (err) {
      const error = describeError(`${action} of channel "${name}"`, err);
      throw new PartialCreateError(
        `${error.message}; the channel keeps the changes made before it`,
        arn,
        defined(applied),
      );
    }
  };
  const settings = changedInputs(current, desired, ["name", "destinations"]);
  if (settings.length > 0)
    await step("UpdateChannel", async () => {
      await client.send(
        new UpdateChannelCommand({
          Channel: arn,
          Name: settings.includes("name") ? name : undefined,
          Destinations: settings.includes("destinations")
            ? toWire(desired.destinations as Props[])
            : undefined,
        }),
      );
      return pick(desired, settings);
    });
  const { added, removed } = tagChanges(current.tags, desired.tags);
  if (Object.keys(added).length > 0)
    await step("AddTags", async () => {
      await client.send(new AddTagsCommand({ ResourceId: arn, TagsList: tagList(added) }));
      return { tags: { ...(applied.tags as Tags), ...added } };
    });
  if (removed.length > 0)
    await step("RemoveTags", async () => {
      await client.send(
        new RemoveTagsCommand({ ResourceId: arn, TagsList: removed.map((Key) => ({ Key })) }),
      );
      return { tags: desired.tags };
    });
  await convergeResourcePolicy(arn, current, desired, step);
  return defined(applied);
}

async function findByName(name: string): Promise<string | undefined> {
  let NextToken: string | undefined;
  do {
    const page = await cloudTrail()
      .send(new ListChannelsCommand({ NextToken }))
      .catch((err: unknown) => {
        throw describeError(`ListChannels (looking up the channel named "${name}")`, err);
      });
    const found = page.Channels?.find((c) => c.Name === name);
    if (found?.ChannelArn) return found.ChannelArn;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

async function createChannel(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
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
  if (out?.ChannelArn) {
    const created = channelProps(out, (inputs.tags ?? {}) as Tags, inputs);
    // The policy needs the channel's ARN: a failure to put it keeps the channel in state (partial), and the next up puts it.
    return { id: out.ChannelArn, outs: await converge(out.ChannelArn, created, inputs) };
  }
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

/** The Channel resource's dynamic provider (see sdk/channel.ts). */
export const channelProvider: pulumi.dynamic.ResourceProvider = {
  configure: configureFromStack,

  async check(olds: Props, news: Props) {
    return withUndeclared(checkNamedInputs("Channel", olds, news), news, KEPT_WHEN_UNDECLARED);
  },

  async diff(_id: string, olds: Props, declared: Props) {
    const news = declaredOrKept(olds, declared);
    const changed = changedInputs(olds, news, ["name", "source", "destinations", "tags", "resourcePolicy"]);
    const replaces = replacingInputs(replacedBy, changed);
    refuseLosingKept(`channel "${String(olds.name)}"`, olds, declared, replaces);
    // Channel names are unique (CH-1): a replacement keeping its name deletes the old one first.
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: olds.name === news.name };
  },

  create: createChannel,

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
