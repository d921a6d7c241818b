import { AddTagsCommand, ListTagsCommand, RemoveTagsCommand } from "@aws-sdk/client-cloudtrail";
import { PartialCreateError, describeError } from "./aws";
import { cloudTrail } from "./config";
import { defined, type Props } from "./props";

// How every kind brings an existing resource to its declared state: a run of steps, each one call
// and what it applied, so that a failure part way reports the resource as it is (partial) and
// the next up finishes it. Tags are one such run every kind shares.

/**
 * One converge of one resource: `step` makes a call and takes in what it applied; a failed step
 * throws PartialCreateError with everything applied so far (the engine keeps it in state).
 */
export class Convergence<S extends object = Props> {
  private applied: S;
  private changed = false;

  /**
   * @param resource what errors call it, e.g. `trail "audit"`
   * @param noun what "keeps the changes made before it", e.g. "trail"
   * @param id the resource's id (its ARN)
   * @param start what state holds before the first step
   * @param partialFirst whether a failure before any change is partial too; @default true. A
   *   trail's is a plain error: state stays as it was.
   */
  constructor(
    private readonly resource: string,
    private readonly noun: string,
    private readonly id: string,
    start: S,
    private readonly partialFirst = true,
  ) {
    this.applied = start;
  }

  /** What the resource has so far. */
  get state(): S {
    return this.applied;
  }

  /** Takes in what holds without a call. */
  record(props: Partial<S>): void {
    this.applied = { ...this.applied, ...props };
  }

  /** Runs one call named `action` in errors; takes in the properties it returns. */
  async step(action: string, call: () => Promise<Partial<S> | void>): Promise<void> {
    try {
      this.record((await call()) ?? {});
      this.changed = true;
    } catch (err) {
      const error = describeError(`${action} of ${this.resource}`, err);
      if (!this.changed && !this.partialFirst) throw error;
      throw new PartialCreateError(
        `${error.message}; the ${this.noun} keeps the changes made before it`,
        this.id,
        defined(this.applied),
      );
    }
  }

  /** The outputs: what was applied, without undefined values. */
  result(): S {
    return defined(this.applied);
  }
}

export type Tags = Record<string, string>;

/** A kind's props as far as tags go. */
export interface Tagged {
  tags?: Tags;
}

/** AddTags' list form of tags. */
export const tagList = (tags: Tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** The tags of a trail, store or channel (ListTags), as a map. */
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
export function tagChanges(
  before: Tags | undefined,
  after: Tags | undefined,
): { added: Tags; removed: string[] } {
  const oldTags = before ?? {};
  const newTags = after ?? {};
  return {
    added: Object.fromEntries(Object.entries(newTags).filter(([k, v]) => oldTags[k] !== v)),
    removed: Object.keys(oldTags).filter((k) => !(k in newTags)),
  };
}

/** The steps for tags: AddTags with new keys and values, RemoveTags with keys no longer declared. */
export async function convergeTags(
  c: Convergence<Tagged>,
  arn: string,
  current: Tagged,
  desired: Tagged,
): Promise<void> {
  const { added, removed } = tagChanges(current.tags, desired.tags);
  if (Object.keys(added).length > 0)
    await c.step("AddTags", async () => {
      await cloudTrail().send(new AddTagsCommand({ ResourceId: arn, TagsList: tagList(added) }));
      return { tags: { ...c.state.tags, ...added } };
    });
  if (removed.length > 0)
    await c.step("RemoveTags", async () => {
      await cloudTrail().send(
        new RemoveTagsCommand({ ResourceId: arn, TagsList: removed.map((Key) => ({ Key })) }),
      );
      return { tags: desired.tags ?? {} };
    });
}
