// What every kind's provider needs about AWS itself: its errors, described with the call and the
// resource they were for; paginated lookups; trail ARNs and TRAIL-3's home region.

/** An AWS error with the call that failed and the resource it was for. */
export function describeError(action: string, err: unknown): Error {
  const e = err as { name?: string; message?: string };
  return new Error(`${action}: ${e.name ?? "Error"}: ${e.message ?? String(err)}`);
}

/** An AWS error's name (its exception type), e.g. "TrailNotFoundException". */
export function errorName(err: unknown): string | undefined {
  return (err as { name?: string } | undefined)?.name;
}

/**
 * A call of a delete (or stop): true once made, false when AWS answers that the resource is gone
 * already (one of `gone`, its not-found errors); any other error described as `action`.
 */
export async function unlessGone(
  action: string,
  gone: readonly string[],
  call: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (err) {
    if (gone.includes(errorName(err) ?? "")) return false;
    throw describeError(action, err);
  }
}

/**
 * A resource that exists but did not reach its declared state: the plugin reports it as
 * ErrorResourceInitFailed, so the engine keeps it in state (id and properties) and updates it next time.
 */
export class PartialCreateError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: object,
    readonly reasons: string[] = [message],
  ) {
    super(message);
  }
}

/**
 * The first item a paginated listing (the SDK's `paginate*`) yields for `select`, reading no
 * further page than needed; a failed page is described as `action`.
 */
export async function findInPages<Page, T>(
  pages: AsyncIterable<Page>,
  select: (page: Page) => T | undefined,
  action: string,
): Promise<T | undefined> {
  try {
    for await (const page of pages) {
      const found = select(page);
      if (found !== undefined) return found;
    }
  } catch (err) {
    throw describeError(action, err);
  }
  return undefined;
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
