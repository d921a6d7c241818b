import {
  CreateTrailCommand,
  DeleteTrailCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
  type CreateTrailCommandInput,
  type CreateTrailRequest,
  type CreateTrailResponse,
  type Trail,
} from "@aws-sdk/client-cloudtrail";
import type * as pulumi from "@pulumi/pulumi";
import { adoptableCheck, declaredOrKept, refuseLosingKept } from "./adopt";
import {
  PartialCreateError,
  assertHomeRegion,
  describeError,
  errorName,
  regionOfArn,
  unlessGone,
} from "./aws";
import { cloudTrail, configureFromStack, stackRegion } from "./config";
import { Convergence, convergeTags, readTags, tagList, type Tags } from "./converge";
import {
  defined,
  keepInputForm,
  keysOf,
  pick,
  underWireNames,
  type Adoption,
  type Checked,
  type ComputedOutputs,
} from "./props";
import { changedInputs, replacingInputs, type ReplacedBy } from "./resource";
import type { TrailInputs } from "../sdk/inputs";
import type { Trail as TrailResource } from "../sdk/trail";

/** A trail's state: its inputs once applied, and what CloudTrail reports beyond them (sdk/trail.ts's outputs). */
export interface TrailState
  extends TrailInputs, Pick<Checked, "__autoName">, ComputedOutputs<TrailResource, TrailInputs> {
  name: string;
  arn: string;
}

/** What check hands on: the inputs with their defaults (normalize.ts), and how the name was given. */
type CheckedTrail = TrailInputs & Checked;

/** The settings to converge to: the inputs, and whether the trail was adopted (carried in state). */
type DesiredTrail = CheckedTrail & Adoption;

/** A trail is renamed by a new one: CloudTrail cannot rename a trail. */
export const replacedBy: ReplacedBy = { name: "" };
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
const SETTING_KEYS = keysOf(SETTINGS);

/** TRAIL-4: the log group and its role travel together. */
const CLOUDWATCH_LOGS: Setting[] = ["cloudWatchLogsLogGroupArn", "cloudWatchLogsRoleArn"];

/** Inputs whose change means a call; `adopt` only matters at create. */
const DIFFED: (keyof TrailInputs)[] = ["name", ...SETTING_KEYS, "tags", "enableLogging"];

/** Inputs and outputs that CloudTrail does not hold: carried from one state to the next. */
const CARRIED = ["adopt", "adopted", "__autoName"] satisfies (keyof TrailState)[];

/**
 * What an adopted trail keeps as it has it while the program leaves it out (`withUndeclared`):
 * everything but logging, whose default (on) only adds to what is audited.
 */
const KEPT_WHEN_UNDECLARED = DIFFED.filter((k) => k !== "name" && k !== "enableLogging");

/** The Trail resource's dynamic provider (see sdk/trail.ts). */
export const trailProvider: pulumi.dynamic.ResourceProvider = {
  configure: configureFromStack,

  check: adoptableCheck("Trail", KEPT_WHEN_UNDECLARED),

  async diff(_id: string, olds: TrailState, news: CheckedTrail) {
    const changed = changedInputs(olds, declaredOrKept(olds, news), DIFFED);
    const replaces = replacingInputs(replacedBy, changed);
    refuseLosingKept(`trail "${olds.name}"`, olds, news, replaces);
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs: CheckedTrail) {
    const region = await stackRegion();
    const existing = inputs.adopt ? await readTrail(String(inputs.name), inputs) : undefined;
    if (existing) return adoptTrail(existing, inputs, region);
    return createTrail(inputs, region);
  },

  async read(id: string, props: TrailState) {
    const current = await readTrail(id, props);
    return current ? { id, props: current } : { id: "", props: {} };
  },

  async update(id: string, olds: TrailState, news: CheckedTrail) {
    await assertHomeRegion(id, `updating trail "${String(news.name)}"`, await stackRegion());
    return { outs: await converge(id, olds, { ...declaredOrKept(olds, news), adopted: olds.adopted }) };
  },

  async delete(id: string, props: TrailState) {
    await assertHomeRegion(id, `deleting trail "${props.name}"`, await stackRegion());
    await unlessGone(`DeleteTrail of ${id}`, ["TrailNotFoundException"], () =>
      cloudTrail().send(new DeleteTrailCommand({ Name: id })),
    );
  },
};

/** TRAIL-2: an existing trail taken over (adopt) and brought to the declared settings. */
async function adoptTrail(
  existing: TrailState,
  inputs: CheckedTrail,
  region: string,
): Promise<pulumi.dynamic.CreateResult> {
  const arn = existing.arn;
  await assertHomeRegion(arn, `adopting trail "${String(inputs.name)}"`, region);
  const outs = await converge(arn, existing, declaredOrKept({ ...existing, adopted: true }, inputs));
  return { id: arn, outs };
}

/** CreateTrail, then StartLogging when declared; a failed StartLogging deletes the new trail again. */
async function createTrail(inputs: CheckedTrail, region: string): Promise<pulumi.dynamic.CreateResult> {
  const name = String(inputs.name);
  let created: CreateTrailResponse;
  try {
    created = await cloudTrail().send(new CreateTrailCommand(createParams(inputs)));
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
  const outs = trailProps(created, { isLogging: false, tags: inputs.tags ?? {} }, inputs, true);
  if (!inputs.enableLogging) return { id: arn, outs };
  await startLoggingOrUndo(arn, name, outs);
  return { id: arn, outs: { ...outs, enableLogging: true, isLogging: true } };
}

/**
 * StartLogging of a new trail; on failure the trail is deleted again, or, when that fails too,
 * kept in state (partial) for the next up to finish.
 */
async function startLoggingOrUndo(arn: string, name: string, outs: TrailState): Promise<void> {
  const client = cloudTrail();
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
}

/**
 * Brings an existing trail from `current` to `desired` with the fewest calls: one UpdateTrail
 * with the settings that differ, AddTags/RemoveTags with the keys that differ, Start/StopLogging.
 * A failure after the first call reports what was applied, so state stays true; a failure of the
 * first leaves state as it was.
 */
async function converge(arn: string, current: TrailState, desired: DesiredTrail): Promise<TrailState> {
  // What state must hold if a call fails: the trail as found, with what is ours to carry (adopted).
  const start = { ...current, ...pick(desired, CARRIED) };
  const c = new Convergence<TrailState>(`trail "${String(desired.name)}"`, "trail", arn, start, false);
  await updateSettings(c, arn, current, desired);
  await convergeTags(c, arn, current, desired);
  await convergeLogging(c, arn, current, desired);
  c.record(pick(desired, CARRIED));
  return c.result();
}

/** One UpdateTrail with the settings that differ; its answer is what the trail has now. */
async function updateSettings(
  c: Convergence<TrailState>,
  arn: string,
  current: TrailState,
  desired: DesiredTrail,
): Promise<void> {
  const settings = changedInputs(current, desired, SETTING_KEYS);
  // TRAIL-4: the log group and its role travel together.
  if (settings.some((s) => CLOUDWATCH_LOGS.includes(s))) {
    for (const s of CLOUDWATCH_LOGS) if (!settings.includes(s)) settings.push(s);
  }
  if (settings.length === 0) return;
  const params = {
    Name: arn,
    ...wireSettings(settings, (s) => desired[s] ?? (typeof current[s] === "string" ? "" : undefined)),
  };
  await c.step("UpdateTrail", async () => {
    const updated = await cloudTrail().send(new UpdateTrailCommand(params));
    const applied = c.state;
    const facts = { isLogging: applied.isLogging, tags: applied.tags ?? {} };
    // Every output, undefined ones included: those the update removed leave state.
    return trailOutputs(updated, facts, { ...applied, ...desired }, true);
  });
}

/** StartLogging or StopLogging when logging is not as declared (TRAIL-7). */
async function convergeLogging(
  c: Convergence<TrailState>,
  arn: string,
  current: TrailState,
  desired: DesiredTrail,
): Promise<void> {
  if (current.isLogging === Boolean(desired.enableLogging)) return;
  const start = Boolean(desired.enableLogging);
  await c.step(start ? "StartLogging" : "StopLogging", async () => {
    await cloudTrail().send(
      start ? new StartLoggingCommand({ Name: arn }) : new StopLoggingCommand({ Name: arn }),
    );
    return { enableLogging: desired.enableLogging, isLogging: desired.enableLogging };
  });
}

/** The trail as CloudTrail has it now (GetTrail, GetTrailStatus, ListTags); undefined when it is gone. */
async function readTrail(arn: string, prior: Partial<TrailState>): Promise<TrailState | undefined> {
  const client = cloudTrail();
  let trail: Trail | undefined;
  try {
    trail = (await client.send(new GetTrailCommand({ Name: arn }))).Trail;
  } catch (err) {
    if (errorName(err) === "TrailNotFoundException") return undefined;
    throw describeError(`GetTrail of ${arn}`, err);
  }
  if (!trail?.TrailARN) return undefined;
  let isLogging: boolean;
  try {
    isLogging = (await client.send(new GetTrailStatusCommand({ Name: trail.TrailARN }))).IsLogging ?? false;
  } catch (err) {
    throw describeError(`GetTrailStatus of ${trail.TrailARN}`, err);
  }
  const tags = await readTags(trail.TrailARN);
  return trailProps(trail, { isLogging, tags }, prior, false);
}

/**
 * What CloudTrail reports beyond a trail's settings (GetTrailStatus, ListTags). GetTrail's
 * HasCustomEventSelectors and HasInsightSelectors are left out: the selector resources change
 * them, so as outputs of the trail they would show as drift at the first refresh after an up.
 */
interface TrailFacts {
  isLogging?: boolean;
  tags: Tags;
}

/** CreateTrail's parameters: every setting as declared, and the tags. */
function createParams(inputs: CheckedTrail): CreateTrailCommandInput {
  return {
    Name: String(inputs.name),
    TagsList: tagList(inputs.tags ?? {}),
    ...wireSettings(SETTING_KEYS, (s) => inputs[s]),
  };
}

/** The given settings under their API names (SETTINGS), the form CreateTrail and UpdateTrail take. */
const wireSettings = (settings: readonly Setting[], value: (s: Setting) => string | boolean | undefined) =>
  underWireNames<Setting, Omit<CreateTrailRequest, "Name" | "TagsList">>(SETTINGS, settings, value);

/** The outputs, without undefined values (see `trailOutputs`). */
function trailProps(
  t: Trail | CreateTrailResponse,
  facts: TrailFacts,
  prior: Partial<TrailState>,
  fresh: boolean,
): TrailState {
  return defined(trailOutputs(t, facts, prior, fresh));
}

/**
 * Outputs from what CloudTrail reports. `prior` holds the input forms and what AWS said when
 * they were applied; `fresh` means `t` answers the call that applied them.
 */
function trailOutputs(
  t: Trail | CreateTrailResponse,
  facts: TrailFacts,
  prior: Partial<TrailState>,
  fresh: boolean,
): TrailState {
  return {
    // A trail always has a name, a bucket and an ARN, though the SDK's model marks every member optional.
    name: t.Name!,
    s3BucketName: t.S3BucketName!,
    s3KeyPrefix: t.S3KeyPrefix || undefined,
    snsTopicName: keepInputForm(
      prior.snsTopicName,
      fresh ? t.SnsTopicARN : prior.snsTopicArn,
      t.SnsTopicARN,
      t.SnsTopicName,
    ),
    includeGlobalServiceEvents: t.IncludeGlobalServiceEvents ?? false,
    isMultiRegionTrail: t.IsMultiRegionTrail ?? false,
    enableLogFileValidation: t.LogFileValidationEnabled ?? false,
    cloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn || undefined,
    cloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn || undefined,
    kmsKeyId: keepInputForm(prior.kmsKeyId, fresh ? t.KmsKeyId : prior.kmsKeyArn, t.KmsKeyId, t.KmsKeyId),
    isOrganizationTrail: t.IsOrganizationTrail ?? false,
    enableLogging: facts.isLogging,
    tags: facts.tags,
    arn: t.TrailARN!,
    homeRegion: ("HomeRegion" in t && t.HomeRegion) || regionOfArn(t.TrailARN ?? ""),
    snsTopicArn: t.SnsTopicARN,
    kmsKeyArn: t.KmsKeyId,
    logFileValidationEnabled: t.LogFileValidationEnabled ?? false,
    isLogging: facts.isLogging,
    ...pick(prior, CARRIED),
  };
}
