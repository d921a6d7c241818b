import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { ListTagsCommand } from "@aws-sdk/client-cloudtrail";
import type * as pulumi from "@pulumi/pulumi";
import { cloudTrail, configureFromStack, stackRegion } from "./config";
import { isObject } from "./rules";
import { normalize } from "./normalize";
import type { Kind, validate as Validate } from "./validate";

// What every resource kind's provider shares: check over schema.json, the diff of inputs, and
// errors that name the resource and the rule.

export type Props = Record<string, unknown>;

/** The value the engine sends for an input not known yet (a preview before its source exists). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  return isObject(value) && Object.values(value).some(containsUnknown);
}

/** The user's inputs without the engine's and the SDK's own keys (`__provider`, `__autoName`). */
export function userInputs(news: Props): Props {
  return Object.fromEntries(Object.entries(news).filter(([k]) => !k.startsWith("__")));
}

/**
 * The validator, loaded on the first check: it brings Ajv and schema.json, which a plugin process
 * that only reads or deletes (refresh, destroy) never needs.
 */
function validate(...args: Parameters<typeof Validate>): ReturnType<typeof Validate> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use
  return (require("./validate") as { validate: typeof Validate }).validate(...args);
}

/**
 * Validates and normalises with schema.json. Inputs still unknown (a preview) are left out of
 * the judgement rather than reported: they are checked again once known, before any API call.
 */
export function checkInputs(kind: Kind, inputs: Props): pulumi.dynamic.CheckResult {
  const unknown = Object.keys(inputs).filter((k) => containsUnknown(inputs[k]));
  const result = validate(kind, inputs);
  const failures = result.failures.filter(
    (f) =>
      !unknown.some(
        (k) => f.property === k || f.property.startsWith(`${k}.`) || f.property.startsWith(`${k}[`),
      ),
  );
  if (failures.length > 0) return { inputs, failures };
  return { inputs: result.normalized ?? normalize(kind, inputs) };
}

/**
 * A trail, store or channel name from a resource name: NAME-1's characters, a separator and 7 hex digits of a hash
 * of the stack (`<project>/<stack>`) and the resource name. Derived, not random, so that a
 * preview shows the name the up creates; the stack in the hash keeps two stacks' names apart.
 */
export function autoName(resourceName: string, stack: string): string {
  const base = resourceName
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/[._-]{2,}/g, "-")
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "")
    .slice(0, 120);
  const digest = createHash("sha256").update(`${stack}\u0000${resourceName}`).digest("hex");
  return `${base || "trail"}-${digest.slice(0, 7)}`;
}

/**
 * check for a kind with a generated name (the sdk passes `__autoName` and `__stack`): the name
 * generated before stays, a new one is derived, then schema.json judges the inputs.
 */
export function checkNamedInputs(kind: Kind, olds: Props, news: Props): pulumi.dynamic.CheckResult {
  const inputs = userInputs(news);
  const autoNamed = inputs.name === undefined && typeof news.__autoName === "string";
  if (autoNamed) {
    const kept = olds.__autoName === news.__autoName && typeof olds.name === "string";
    // A name generated before (possibly at random, by an older version) stays.
    inputs.name = kept ? olds.name : autoName(String(news.__autoName), String(news.__stack ?? ""));
  }
  const result = checkInputs(kind, inputs);
  if (!autoNamed || result.failures?.length) return result;
  return { inputs: { ...result.inputs, __autoName: news.__autoName } };
}

/**
 * check's result with `__undeclared`: which of `keys` the program left out. An adopted resource
 * keeps what it had for those (`declaredOrKept`) instead of taking their defaults, so adopting
 * never changes a setting nobody declared.
 */
export function withUndeclared(
  result: pulumi.dynamic.CheckResult,
  news: Props,
  keys: readonly string[],
): pulumi.dynamic.CheckResult {
  if (result.failures?.length) return result;
  const declared = userInputs(news);
  return { inputs: { ...result.inputs, __undeclared: keys.filter((k) => declared[k] === undefined) } };
}

/**
 * The settings to converge to: the inputs, except that an adopted resource (`olds.adopted`)
 * keeps what it has for what the program leaves undeclared (`__undeclared`, see `withUndeclared`).
 */
export function declaredOrKept(olds: Props, news: Props): Props {
  if (!olds.adopted) return news;
  const out: Props = { ...news, adopted: true };
  for (const k of (news.__undeclared as string[] | undefined) ?? []) {
    if (olds[k] === undefined) delete out[k];
    else out[k] = olds[k];
  }
  return out;
}

/**
 * A replacement creates the new resource from the declared inputs alone: an adopted resource's
 * undeclared settings would not reach it. Refuses, naming them, when any differs from what the new
 * one would get.
 */
export function refuseLosingKept(what: string, olds: Props, news: Props, replaces: string[]): void {
  if (!olds.adopted || replaces.length === 0) return;
  const lost = ((news.__undeclared as string[] | undefined) ?? []).filter(
    (k) => olds[k] !== undefined && !isDeepStrictEqual(olds[k], news[k]),
  );
  if (lost.length === 0) return;
  const values = lost.map((k) => `${k}: ${JSON.stringify(olds[k])}`).join(", ");
  throw new Error(
    `${what} was adopted and keeps settings the program does not declare (${values}); replacing it ` +
      `(${replaces.join(", ")} changed) would create the new one without them. Declare them, with the ` +
      `values to keep or new ones, and run again`,
  );
}

/**
 * The inputs whose change replaces a resource, each with when it does ("" for any change); every
 * other input updates in place. Each provider module exports its own as `replacedBy`: its diff acts
 * on it and the reference pages print it (scripts/gen-docs.ts), so that the two cannot disagree.
 */
export type ReplacedBy = Readonly<Record<string, string>>;

/** The inputs in `keys` that replace the resource. */
export function replacingInputs(replacedBy: ReplacedBy, keys: readonly string[]): string[] {
  return keys.filter((k) => Object.hasOwn(replacedBy, k));
}

/** A trail attachment (selectors, Insights) is replaced when it moves to another trail. */
export const ATTACHMENT_REPLACED_BY: ReplacedBy = {
  trail: "when it names another trail (the trail's name and its ARN are the same trail)",
};

export type Tags = Record<string, string>;

/** AddTags' list form of tags. */
export const tagList = (tags: Tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** The tags of a store or channel (ListTags), as a map. */
export async function readTags(arn: string): Promise<Tags> {
  try {
    const listed = await cloudTrail().send(new ListTagsCommand({ ResourceIdList: [arn] }));
    return Object.fromEntries(
      (listed.ResourceTagList?.[0]?.TagsList ?? []).map((t) => [t.Key!, t.Value ?? ""]),
    );
  } catch (err) {
    throw describeError(`ListTags of ${arn}`, err);
  }
}

/** The tags to add (new keys and new values) and the keys to remove, to go from `before` to `after`. */
export function tagChanges(before: unknown, after: unknown): { added: Tags; removed: string[] } {
  const oldTags = (before ?? {}) as Tags;
  const newTags = (after ?? {}) as Tags;
  return {
    added: Object.fromEntries(Object.entries(newTags).filter(([k, v]) => oldTags[k] !== v)),
    removed: Object.keys(oldTags).filter((k) => !(k in newTags)),
  };
}

/** Top-level inputs whose values differ, by value (normalised lists compare as sets). */
export function changedInputs(olds: Props, news: Props, keys: readonly string[]): string[] {
  return keys.filter((k) => !isDeepStrictEqual(olds[k] ?? null, news[k] ?? null));
}

/** An AWS error with the call that failed and the resource it was for. */
export function describeError(action: string, err: unknown): Error {
  const e = err as { name?: string; message?: string };
  return new Error(`${action}: ${e.name ?? "Error"}: ${e.message ?? String(err)}`);
}

export function errorName(err: unknown): string | undefined {
  return (err as { name?: string } | undefined)?.name;
}

/**
 * A resource that exists but did not reach its declared state: the plugin reports it as
 * ErrorResourceInitFailed, so the engine keeps it in state (id and properties) and updates it next time.
 */
export class PartialCreateError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Props,
    readonly reasons: string[] = [message],
  ) {
    super(message);
  }
}

/** The properties without undefined values: the plugin cannot serialise those into state. */
export function defined(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

/** A trail's home region, from its ARN (arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME). */
export function regionOfArn(arn: string): string | undefined {
  return /^arn:[^:]+:cloudtrail:([^:]+):/.exec(arn)?.[1];
}

/** A trail's name from a name or a trail ARN. */
export function trailNameOf(reference: string): string {
  const m = /^arn:[^:]+:cloudtrail:[^:]+:\d{12}:trail\/(.+)$/.exec(reference);
  return m ? m[1] : reference;
}

/** TRAIL-3: a trail's settings, selectors and tags change only in its home region. */
export async function assertHomeRegion(trailArn: string, action: string, region: string): Promise<void> {
  const home = regionOfArn(trailArn);
  if (home && home !== region) {
    throw new Error(
      `${action}: the trail's home region is ${home} but this stack's aws:region is ${region} (TRAIL-3: ` +
        `CloudTrail changes a trail only in its home region); set aws:region to ${home}, or manage the trail from a stack there`,
    );
  }
}

/**
 * The form to keep in state for a value AWS may spell differently from the input (a topic name
 * for its ARN, an alias for a key ARN): the input's form while AWS still reports what it reported
 * when the input was applied, AWS's own form once that changed (drift).
 */
export function keepInputForm<T>(
  input: T | undefined,
  appliedAs: unknown,
  actual: unknown,
  report: T,
): T | undefined {
  if (actual === undefined || actual === null || actual === "") return undefined;
  return input !== undefined && actual === appliedAs ? input : report;
}

/** Whether a selector resource's new `trail` input names the trail it was applied to (by name or ARN). */
export function sameTrail(olds: Props, news: Props): boolean {
  const next = String(news.trail);
  if (next === olds.trail || next === olds.trailArn) return true;
  return !next.startsWith("arn:") && typeof olds.trailArn === "string" && trailNameOf(olds.trailArn) === next;
}

/** Before any call about an existing trail given by ARN: TRAIL-3's home region, named in the error. */
export async function assertTrailReferenceRegion(
  trail: string,
  action: string,
  region: string,
): Promise<void> {
  if (trail.startsWith("arn:")) await assertHomeRegion(trail, action, region);
}

/** How one kind of per-trail configuration (selectors, Insights) is applied, read and reset. */
export interface TrailAttachment {
  kind: Kind;
  /** What the errors call it, e.g. "event selectors". */
  label: string;
  /** The API that applies and resets it, named in errors, e.g. "PutEventSelectors". */
  operation: string;
  /** Inputs that update in place. */
  updatable: string[];
  /** Applies the inputs to the trail (a name or ARN); returns the trail's ARN. */
  put(trail: string, inputs: Props): Promise<string | undefined>;
  /** What the trail has now, as input properties; throws TrailNotFoundException when it is gone. */
  read(trailArn: string): Promise<Props>;
  /** Puts the trail back as it is without this resource. */
  reset(trailArn: string): Promise<void>;
}

/**
 * The dynamic provider of a configuration that lives on a trail: replaced when the trail
 * changes, updated in place otherwise; the id is the trail's ARN; delete resets the trail.
 */
export function trailAttachmentProvider(a: TrailAttachment): pulumi.dynamic.ResourceProvider {
  const apply = async (trail: string, inputs: Props): Promise<Props> => {
    try {
      return { ...inputs, trailArn: await a.put(trail, inputs) };
    } catch (err) {
      throw describeError(`${a.operation} on trail "${trail}"`, err);
    }
  };
  return {
    configure: configureFromStack,
    async check(_olds: Props, news: Props) {
      return checkInputs(a.kind, userInputs(news));
    },
    async diff(_id: string, olds: Props, news: Props) {
      const replaces = sameTrail(olds, news) ? [] : Object.keys(ATTACHMENT_REPLACED_BY);
      const changed = changedInputs(olds, news, a.updatable);
      return { changes: replaces.length > 0 || changed.length > 0, replaces, deleteBeforeReplace: false };
    },
    async create(inputs: Props) {
      const trail = String(inputs.trail);
      await assertTrailReferenceRegion(trail, `${a.label} of trail "${trail}"`, await stackRegion());
      const outs = await apply(trail, inputs);
      return { id: String(outs.trailArn), outs };
    },
    async read(id: string, props: Props) {
      try {
        const current = await a.read(id);
        const kept = Object.fromEntries(Object.entries(props).filter(([k]) => !a.updatable.includes(k)));
        // A resource read by `get(name, id)` has no `trail` input: the id names the trail.
        return { id, props: { trail: id, ...kept, ...current, trailArn: id } };
      } catch (err) {
        if (errorName(err) === "TrailNotFoundException") return { id: "", props: {} };
        throw describeError(`reading the ${a.label} of trail ${id}`, err);
      }
    },
    async update(id: string, _olds: Props, news: Props) {
      await assertHomeRegion(id, `${a.label} of trail "${String(news.trail)}"`, await stackRegion());
      return { outs: await apply(id, news) };
    },
    async delete(id: string) {
      await assertHomeRegion(id, `${a.label} of trail ${id}`, await stackRegion());
      try {
        await a.reset(id);
      } catch (err) {
        if (errorName(err) !== "TrailNotFoundException")
          throw describeError(`${a.operation} (reset) on ${id}`, err);
      }
    },
  };
}
