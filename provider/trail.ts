import {
  AddTagsCommand,
  CreateTrailCommand,
  DeleteTrailCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTagsCommand,
  RemoveTagsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
  type CreateTrailResponse,
  type Trail,
} from "@aws-sdk/client-cloudtrail";
import type * as pulumi from "@pulumi/pulumi";
import { cloudTrail, configureFromStack, stackRegion } from "./config";
import {
  PartialCreateError,
  assertHomeRegion,
  changedInputs,
  checkNamedInputs,
  declaredOrKept,
  describeError,
  errorName,
  keepInputForm,
  refuseLosingKept,
  regionOfArn,
  withUndeclared,
  type Props,
  type ReplacedBy,
  replacingInputs,
} from "./resource";

// A trail's whole lifecycle: check (schema.json), diff, create (CreateTrail + StartLogging,
// undone on failure), read (GetTrail, GetTrailStatus, ListTags), update (only what changed),
// delete. The resource id is the trail's ARN.

/** Settings UpdateTrail changes in place; an optional one is removed by sending "". */
const SETTINGS = {
  s3BucketName: "S3BucketName",
  s3KeyPrefix: "S3KeyPrefix",
  snsTopicName: "SnsTopicName",
  includeGlobalServiceEvents: "IncludeGlobalServiceEvents",
  isMultiRegionTrail: "IsMultiRegionTrail",
  enableLogFileValidation: "EnableLogFileValidation",
  cloudWatchLogsLogGroupArn: "CloudWatchLogsLogGroupArn",
  cloudWatchLogsRoleArn: "CloudWatchLogsRoleArn",
  kmsKeyId: "KmsKeyId",
  isOrganizationTrail: "IsOrganizationTrail",
} as const;
type Setting = keyof typeof SETTINGS;

/** A trail is renamed by a new one: CloudTrail cannot rename a trail. */
export const replacedBy: ReplacedBy = { name: "" };

/** Inputs whose change means a call; `adopt` only matters at create. */
const DIFFED = ["name", ...Object.keys(SETTINGS), "tags", "enableLogging"];

type Tags = Record<string, string>;

/** Inputs and outputs that CloudTrail does not hold: carried from one state to the next. */
const CARRIED = ["adopt", "adopted", "__autoName"];

/**
 * What an adopted trail keeps as it has it while the program leaves it out (`withUndeclared`):
 * everything but logging, whose default (on) only adds to what is audited.
 */
const KEPT_WHEN_UNDECLARED = DIFFED.filter((k) => k !== "name" && k !== "enableLogging");

/**
 * What CloudTrail reports beyond a trail's settings (GetTrailStatus, ListTags). GetTrail's
 * HasCustomEventSelectors and HasInsightSelectors are left out: the selector resources change
 * them, so as outputs of the trail they would show as drift at the first refresh after an up.
 */
interface TrailFacts {
  isLogging: boolean;
  tags: Tags;
}

/**
 * Outputs from what CloudTrail reports. `prior` holds the input forms and what AWS said when
 * they were applied; `fresh` means `t` answers the call that applied them.
 */
function trailProps(t: Trail | CreateTrailResponse, facts: TrailFacts, prior: Props, fresh: boolean): Props {
  const snsInput = prior.snsTopicName as string | undefined;
  const kmsInput = prior.kmsKeyId as string | undefined;
  const props: Props = {
    name: t.Name,
    s3BucketName: t.S3BucketName,
    s3KeyPrefix: t.S3KeyPrefix || undefined,
    snsTopicName: keepInputForm(
      snsInput,
      fresh ? t.SnsTopicARN : prior.snsTopicArn,
      t.SnsTopicARN,
      t.SnsTopicName,
    ),
    includeGlobalServiceEvents: t.IncludeGlobalServiceEvents ?? false,
    isMultiRegionTrail: t.IsMultiRegionTrail ?? false,
    enableLogFileValidation: t.LogFileValidationEnabled ?? false,
    cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn || undefined,
    cloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn || undefined,
    kmsKeyId: keepInputForm(kmsInput, fresh ? t.KmsKeyId : prior.kmsKeyArn, t.KmsKeyId, t.KmsKeyId),
    isOrganizationTrail: t.IsOrganizationTrail ?? false,
    enableLogging: facts.isLogging,
    tags: facts.tags,
    arn: t.TrailARN,
    homeRegion: ("HomeRegion" in t && t.HomeRegion) || regionOfArn(t.TrailARN ?? ""),
    snsTopicArn: t.SnsTopicARN,
    kmsKeyArn: t.KmsKeyId,
    logFileValidationEnabled: t.LogFileValidationEnabled ?? false,
    isLogging: facts.isLogging,
  };
  Object.assign(props, pick(prior, CARRIED));
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

const tagList = (tags: Tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

async function readTrail(arn: string, prior: Props): Promise<Props | undefined> {
  const client = cloudTrail();
  let trail: Trail | undefined;
  try {
    trail = (await client.send(new GetTrailCommand({ Name: arn }))).Trail;
  } catch (err) {
    if (errorName(err) === "TrailNotFoundException") return undefined;
    throw describeError(`GetTrail of ${arn}`, err);
  }
  if (!trail?.TrailARN) return undefined;
  const status = await client.send(new GetTrailStatusCommand({ Name: trail.TrailARN }));
  const listed = await client.send(new ListTagsCommand({ ResourceIdList: [trail.TrailARN] }));
  const tags = Object.fromEntries(
    (listed.ResourceTagList?.[0]?.TagsList ?? []).map((t) => [t.Key!, t.Value ?? ""]),
  );
  return trailProps(trail, { isLogging: status.IsLogging ?? false, tags }, prior, false);
}

/**
 * Brings an existing trail from `current` to `desired` with the fewest calls: one UpdateTrail
 * with the settings that differ, AddTags/RemoveTags with the keys that differ, Start/StopLogging.
 * A failure after the first call reports what was applied, so state stays true.
 */
async function converge(arn: string, current: Props, desired: Props): Promise<Props> {
  const client = cloudTrail();
  const name = String(desired.name);
  // What state must hold if a call fails: the trail as found, with what is ours to carry (adopted).
  let applied: Props = { ...current, ...pick(desired, CARRIED) };
  let changed = false;
  const fail = (action: string, err: unknown): never => {
    const error = describeError(`${action} of trail "${name}"`, err);
    if (!changed) throw error;
    throw new PartialCreateError(
      `${error.message}; the trail keeps the changes made before it`,
      arn,
      applied,
    );
  };

  const settings = changedInputs(current, desired, Object.keys(SETTINGS)) as Setting[];
  // TRAIL-4: the log group and its role travel together.
  if (settings.some((s) => s.startsWith("cloudWatchLogs"))) {
    for (const s of ["cloudWatchLogsLogGroupArn", "cloudWatchLogsRoleArn"] as const)
      if (!settings.includes(s)) settings.push(s);
  }
  if (settings.length > 0) {
    const params: Record<string, unknown> = { Name: arn };
    for (const s of settings)
      params[SETTINGS[s]] = desired[s] ?? (typeof current[s] === "string" ? "" : undefined);
    try {
      const updated = await client.send(new UpdateTrailCommand(params as never));
      applied = trailProps(updated, factsOf(applied), { ...applied, ...desired }, true);
      changed = true;
    } catch (err) {
      fail("UpdateTrail", err);
    }
  }

  const oldTags = (current.tags ?? {}) as Tags;
  const newTags = (desired.tags ?? {}) as Tags;
  const added = Object.fromEntries(Object.entries(newTags).filter(([k, v]) => oldTags[k] !== v));
  const removed = Object.keys(oldTags).filter((k) => !(k in newTags));
  if (Object.keys(added).length > 0) {
    try {
      await client.send(new AddTagsCommand({ ResourceId: arn, TagsList: tagList(added) }));
      applied = { ...applied, tags: { ...(applied.tags as Tags), ...added } };
      changed = true;
    } catch (err) {
      fail("AddTags", err);
    }
  }
  if (removed.length > 0) {
    try {
      await client.send(
        new RemoveTagsCommand({ ResourceId: arn, TagsList: removed.map((Key) => ({ Key })) }),
      );
      applied = { ...applied, tags: newTags };
      changed = true;
    } catch (err) {
      fail("RemoveTags", err);
    }
  }

  if (Boolean(current.isLogging) !== Boolean(desired.enableLogging)) {
    const Command = desired.enableLogging ? StartLoggingCommand : StopLoggingCommand;
    try {
      await client.send(new Command({ Name: arn }));
      applied = { ...applied, enableLogging: desired.enableLogging, isLogging: desired.enableLogging };
    } catch (err) {
      fail(desired.enableLogging ? "StartLogging" : "StopLogging", err);
    }
  }
  return { ...applied, ...pick(desired, CARRIED) };
}

function factsOf(props: Props): TrailFacts {
  return {
    isLogging: Boolean(props.isLogging),
    tags: (props.tags ?? {}) as Tags,
  };
}

function pick(props: Props, keys: string[]): Props {
  return Object.fromEntries(keys.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

async function createTrail(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const client = cloudTrail();
  const name = String(inputs.name);
  const region = await stackRegion();
  if (inputs.adopt) {
    const existing = await readTrail(name, inputs);
    if (existing) {
      await assertHomeRegion(String(existing.arn), `adopting trail "${name}"`, region);
      const outs = await converge(
        String(existing.arn),
        existing,
        declaredOrKept({ ...existing, adopted: true }, inputs),
      );
      return { id: String(existing.arn), outs };
    }
  }
  const params: Record<string, unknown> = { Name: name, TagsList: tagList((inputs.tags ?? {}) as Tags) };
  for (const [input, wire] of Object.entries(SETTINGS)) params[wire] = inputs[input];
  let created: CreateTrailResponse;
  try {
    created = await client.send(new CreateTrailCommand(params as never));
  } catch (err) {
    if (errorName(err) === "TrailAlreadyExistsException") {
      throw new Error(
        `trail "${name}" already exists in ${region} (TRAIL-2); set adopt: true to take it over and bring it ` +
          `to the declared settings, or give this resource another name`,
      );
    }
    throw describeError(`CreateTrail of trail "${name}"`, err);
  }
  const arn = created.TrailARN!;
  const facts = {
    isLogging: false,
    tags: (inputs.tags ?? {}) as Tags,
  };
  const outs = trailProps(created, facts, inputs, true);
  if (!inputs.enableLogging) return { id: arn, outs };
  try {
    await client.send(new StartLoggingCommand({ Name: arn }));
  } catch (err) {
    const cause = describeError(`StartLogging of new trail "${name}"`, err);
    try {
      await client.send(new DeleteTrailCommand({ Name: arn }));
    } catch (undoErr) {
      throw new PartialCreateError(
        `${cause.message}; deleting the new trail failed too (${describeError("DeleteTrail", undoErr).message}): ` +
          `it stays in state, not logging, and the next up finishes it`,
        arn,
        outs,
      );
    }
    throw new Error(`${cause.message}; the new trail was deleted again, nothing is left behind`);
  }
  return { id: arn, outs: { ...outs, enableLogging: true, isLogging: true } };
}

/** The Trail resource's dynamic provider (see sdk/trail.ts). */
export const trailProvider: pulumi.dynamic.ResourceProvider = {
  configure: configureFromStack,

  async check(olds: Props, news: Props) {
    return withUndeclared(checkNamedInputs("Trail", olds, news), news, KEPT_WHEN_UNDECLARED);
  },

  async diff(_id: string, olds: Props, news: Props) {
    const changed = changedInputs(olds, declaredOrKept(olds, news), DIFFED);
    const replaces = replacingInputs(replacedBy, changed);
    refuseLosingKept(`trail "${String(olds.name)}"`, olds, news, replaces);
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  create: createTrail,

  async read(id: string, props: Props) {
    const current = await readTrail(id, props);
    return current ? { id, props: current } : { id: "", props: {} };
  },

  async update(id: string, olds: Props, news: Props) {
    await assertHomeRegion(id, `updating trail "${String(news.name)}"`, await stackRegion());
    return { outs: await converge(id, olds, { ...declaredOrKept(olds, news), adopted: olds.adopted }) };
  },

  async delete(id: string, props: Props) {
    await assertHomeRegion(id, `deleting trail "${String(props.name)}"`, await stackRegion());
    try {
      await cloudTrail().send(new DeleteTrailCommand({ Name: id }));
    } catch (err) {
      if (errorName(err) !== "TrailNotFoundException") throw describeError(`DeleteTrail of ${id}`, err);
    }
  },
};
