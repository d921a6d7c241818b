import {
  CreateChannelCommand,
  DeleteChannelCommand,
  GetChannelCommand,
  UpdateChannelCommand,
  paginateListChannels,
  type Destination,
  type GetChannelResponse,
} from "@aws-sdk/client-cloudtrail";
import type * as pulumi from "@pulumi/pulumi";
import { adoptableCheck, declaredOrKept, refuseLosingKept } from "./adopt";
import { describeError, errorName, findInPages, unlessGone } from "./aws";
import { cloudTrail, configureFromStack } from "./config";
import { Convergence, convergeTags, readTags, tagList, type Tags } from "./converge";
import { normalize } from "./normalize";
import { defined, lower, pick, type Adoption, type Checked, type ComputedOutputs } from "./props";
import { changedInputs, replacingInputs, type ReplacedBy } from "./resource";
import { convergeResourcePolicy, readResourcePolicy } from "./resource-policy";
import type { Channel } from "../sdk/channel";
import type { ChannelInputs } from "../sdk/inputs";

/** A channel's inputs in check's form: the policy is canonical text (normalize.ts). */
type NormalizedChannel = Omit<ChannelInputs, "resourcePolicy"> & { resourcePolicy?: string };

/** A channel's state: its inputs once applied, and what CloudTrail reports beyond them (sdk/channel.ts's outputs). */
export interface ChannelState
  extends NormalizedChannel, Pick<Checked, "__autoName">, ComputedOutputs<Channel, ChannelInputs> {
  name: string;
  arn: string;
  tags: Tags;
}

/** What check hands on: the normalised inputs, and how the name was given. */
type CheckedChannel = NormalizedChannel & Checked;

/** The settings to converge to: the inputs, and whether the channel was adopted (carried in state). */
type DesiredChannel = CheckedChannel & Adoption;

/** UpdateChannel takes no source (CH-1): a new source is a new channel. */
export const replacedBy: ReplacedBy = { source: "" };
// A channel's lifecycle: CreateChannel; UpdateChannel for its name and destinations (CH-2);
// a new source replaces it (CH-1); PutResourcePolicy once it exists. The resource id is the channel's ARN.

/** Inputs and outputs that CloudTrail does not hold: carried from one state to the next. */
const CARRIED = ["adopt", "adopted", "__autoName"] satisfies (keyof ChannelState)[];

/** What an adopted channel keeps as it has it while the program leaves it out (`withUndeclared`). */
const KEPT_WHEN_UNDECLARED = ["tags", "resourcePolicy"];

/** The Channel resource's dynamic provider (see sdk/channel.ts). */
export const channelProvider: pulumi.dynamic.ResourceProvider = {
  configure: configureFromStack,

  check: adoptableCheck("Channel", KEPT_WHEN_UNDECLARED),

  async diff(_id: string, olds: ChannelState, declared: CheckedChannel) {
    const news = declaredOrKept(olds, declared);
    const changed = changedInputs(olds, news, ["name", "source", "destinations", "tags", "resourcePolicy"]);
    const replaces = replacingInputs(replacedBy, changed);
    refuseLosingKept(`channel "${olds.name}"`, olds, declared, replaces);
    // Channel names are unique (CH-1): a replacement keeping its name deletes the old one first.
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: olds.name === news.name };
  },

  async create(inputs: CheckedChannel) {
    const created = await createChannel(inputs);
    // The policy needs the channel's ARN: a failure to put it keeps the channel in state (partial), and the next up puts it.
    if (created) return { id: created.arn, outs: await converge(created.arn, created.props, inputs) };
    return adoptChannel(inputs);
  },

  async read(id: string, props: ChannelState) {
    const current = await readChannel(id, props);
    return current ? { id, props: current } : { id: "", props: {} };
  },

  async update(id: string, olds: ChannelState, news: CheckedChannel) {
    return { outs: await converge(id, olds, { ...declaredOrKept(olds, news), adopted: olds.adopted }) };
  },

  async delete(id: string) {
    await unlessGone(`DeleteChannel of ${id}`, ["ChannelNotFoundException"], () =>
      cloudTrail().send(new DeleteChannelCommand({ Channel: id })),
    );
  },
};

/** CreateChannel; undefined when a channel of this name exists already (CH-1). */
async function createChannel(
  inputs: CheckedChannel,
): Promise<{ arn: string; props: ChannelState } | undefined> {
  const name = String(inputs.name);
  let out: GetChannelResponse | undefined;
  try {
    out = await cloudTrail().send(
      new CreateChannelCommand({
        Name: name,
        Source: inputs.source,
        Destinations: toWire(inputs.destinations),
        Tags: tagList(inputs.tags ?? {}),
      }),
    );
  } catch (err) {
    if (errorName(err) !== "ChannelAlreadyExistsException")
      throw describeError(`CreateChannel of channel "${name}"`, err);
  }
  if (!out?.ChannelArn) return undefined;
  return { arn: out.ChannelArn, props: channelProps(out, inputs.tags ?? {}, inputs) };
}

/** CH-1: the channel of this name taken over (adopt) when its source is the declared one; refused otherwise. */
async function adoptChannel(inputs: CheckedChannel): Promise<pulumi.dynamic.CreateResult> {
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
      `channel "${name}" exists with source ${existing.source}, not ${inputs.source}; a ` +
        `channel's source never changes (CH-1), so it cannot be adopted as declared`,
    );
  return {
    id: arn,
    outs: await converge(arn, existing, declaredOrKept({ ...existing, adopted: true }, inputs)),
  };
}

/** UpdateChannel with what differs of name and destinations, then tags by difference, then the policy. */
async function converge(arn: string, current: ChannelState, desired: DesiredChannel): Promise<ChannelState> {
  const start = { ...current, ...pick(desired, CARRIED) };
  const c = new Convergence<ChannelState>(`channel "${String(desired.name)}"`, "channel", arn, start);
  await updateSettings(c, arn, current, desired);
  await convergeTags(c, arn, current, desired);
  await convergeResourcePolicy(c, arn, current, desired);
  return c.result();
}

/** One UpdateChannel with the name and destinations that differ (CH-2). */
async function updateSettings(
  c: Convergence<ChannelState>,
  arn: string,
  current: ChannelState,
  desired: DesiredChannel,
): Promise<void> {
  const settings = changedInputs(current, desired, ["name", "destinations"]);
  if (settings.length === 0) return;
  await c.step("UpdateChannel", async () => {
    await cloudTrail().send(
      new UpdateChannelCommand({
        Channel: arn,
        Name: settings.includes("name") ? String(desired.name) : undefined,
        Destinations: settings.includes("destinations") ? toWire(desired.destinations) : undefined,
      }),
    );
    return pick(desired, settings);
  });
}

/** The channel as CloudTrail has it now (GetChannel, ListTags, GetResourcePolicy); undefined when it is gone. */
async function readChannel(arn: string, prior: Partial<ChannelState>): Promise<ChannelState | undefined> {
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

const toWire = (destinations: ChannelInputs["destinations"]): Destination[] =>
  destinations.map((d) => ({ Type: d.type, Location: d.location }));

/** The outputs from GetChannel's (or CreateChannel's) answer, the tags and the policy. */
function channelProps(
  c: GetChannelResponse,
  tags: Tags,
  prior: Partial<ChannelState>,
  resourcePolicy?: string,
): ChannelState {
  // normalize (normalize.ts) answers untyped (Json): here, a channel's inputs in check's form.
  const inputs = normalize("Channel", {
    name: c.Name,
    source: c.Source,
    destinations: (c.Destinations ?? []).map((d) => ({ type: d.Type, location: d.Location })),
    tags,
  }) as Pick<ChannelState, "name" | "source" | "destinations" | "tags" | "adopt">;
  return defined({
    ...inputs,
    resourcePolicy,
    // A channel always has an ARN, though the SDK's model marks every member optional.
    arn: c.ChannelArn!,
    ingestionStatus: ingestionStatus(c),
    ...pick(prior, CARRIED),
  });
}

/** The latest ingestion's outcome (CH-2), times as ISO strings; undefined before any ingestion. */
function ingestionStatus(c: GetChannelResponse): Record<string, string> | undefined {
  const entries = Object.entries(defined(c.IngestionStatus ?? {}));
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([k, v]) => [lower(k), v instanceof Date ? v.toISOString() : v]));
}
