import type * as pulumi from "@pulumi/pulumi";
import { assertHomeRegion, describeError, errorName, trailNameOf } from "./aws";
import { configureFromStack, stackRegion } from "./config";
import { changedInputs, inputsCheck, type ReplacedBy } from "./resource";
import type { Kind } from "./validate";

// What the selector kinds (TrailEventSelectors, TrailInsightSelectors, TrailEventAggregation) share: a configuration
// that lives on a trail, whose id is the trail's ARN and whose delete resets the trail.

/** A trail attachment (selectors, Insights) is replaced when it moves to another trail. */
export const ATTACHMENT_REPLACED_BY: ReplacedBy = {
  trail: "when it names another trail (the trail's name and its ARN are the same trail)",
};
/** What every per-trail configuration's inputs have: the trail, by name or ARN. */
interface OnTrail {
  trail: string;
}

/** A per-trail configuration's state: its inputs (`I`, in the form check hands on) and the trail's ARN, its id. */
export type AttachmentState<I extends OnTrail> = I & { trailArn: string };

/** How one kind of per-trail configuration (selectors, Insights) is applied, read and reset. */
export interface TrailAttachment<I extends OnTrail> {
  kind: Kind;
  /** What the errors call it, e.g. "event selectors". */
  label: string;
  /** The API that applies and resets it, named in errors, e.g. "PutEventSelectors". */
  operation: string;
  /** Inputs that update in place. */
  updatable: (keyof I & string)[];
  /** Applies the inputs to the trail (a name or ARN); returns the trail's ARN. */
  put(trail: string, inputs: I): Promise<string | undefined>;
  /** What the trail has now, as input properties; throws TrailNotFoundException when it is gone. */
  read(trailArn: string): Promise<Partial<I>>;
  /** Puts the trail back as it is without this resource. */
  reset(trailArn: string): Promise<void>;
  /** What to do about a refused put, where a rule spans resources that check cannot see. */
  hint?(err: unknown, inputs: I): string | undefined;
}

/**
 * The dynamic provider of a configuration that lives on a trail: replaced when the trail
 * changes, updated in place otherwise; the id is the trail's ARN; delete resets the trail.
 */
export function trailAttachmentProvider<I extends OnTrail>(
  a: TrailAttachment<I>,
): pulumi.dynamic.ResourceProvider {
  return {
    configure: configureFromStack,
    check: inputsCheck(a.kind),
    async diff(_id: string, olds: AttachmentState<I>, news: I) {
      const replaces = sameTrail(olds, news) ? [] : Object.keys(ATTACHMENT_REPLACED_BY);
      const changed = changedInputs<I, keyof I & string>(olds, news, a.updatable);
      return { changes: replaces.length > 0 || changed.length > 0, replaces, deleteBeforeReplace: false };
    },
    async create(inputs: I) {
      const trail = inputs.trail;
      await assertTrailReferenceRegion(trail, `${a.label} of trail "${trail}"`, await stackRegion());
      const outs = await apply(a, trail, inputs);
      return { id: String(outs.trailArn), outs };
    },
    async read(id: string, props: AttachmentState<I>) {
      try {
        const current = await a.read(id);
        const updatable: readonly string[] = a.updatable;
        const kept = Object.fromEntries(Object.entries(props).filter(([k]) => !updatable.includes(k)));
        // A resource read by `get(name, id)` has no `trail` input: the id names the trail.
        return { id, props: { trail: id, ...kept, ...current, trailArn: id } };
      } catch (err) {
        if (errorName(err) === "TrailNotFoundException") return { id: "", props: {} };
        throw describeError(`reading the ${a.label} of trail ${id}`, err);
      }
    },
    async update(id: string, _olds: AttachmentState<I>, news: I) {
      await assertHomeRegion(id, `${a.label} of trail "${news.trail}"`, await stackRegion());
      return { outs: await apply(a, id, news) };
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

/** Applies the inputs to the trail; the outputs are the inputs and the trail's ARN. */
async function apply<I extends OnTrail>(
  a: TrailAttachment<I>,
  trail: string,
  inputs: I,
): Promise<I & { trailArn: string | undefined }> {
  try {
    return { ...inputs, trailArn: await a.put(trail, inputs) };
  } catch (err) {
    const described = describeError(`${a.operation} on trail "${trail}"`, err);
    const hint = a.hint?.(err, inputs);
    throw hint ? new Error(`${described.message}. ${hint}`) : described;
  }
}

/** Whether a selector resource's new `trail` input names the trail it was applied to (by name or ARN). */
function sameTrail(olds: AttachmentState<OnTrail>, news: OnTrail): boolean {
  const next = news.trail;
  if (next === olds.trail || next === olds.trailArn) return true;
  return !next.startsWith("arn:") && typeof olds.trailArn === "string" && trailNameOf(olds.trailArn) === next;
}

/** Before any call about an existing trail given by ARN: TRAIL-3's home region, named in the error. */
async function assertTrailReferenceRegion(trail: string, action: string, region: string): Promise<void> {
  if (trail.startsWith("arn:")) await assertHomeRegion(trail, action, region);
}
