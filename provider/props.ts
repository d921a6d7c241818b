// Plain helpers on property maps, shared by every kind's provider.

import type * as pulumi from "@pulumi/pulumi";

/** A resource's inputs or outputs as the engine passes them. */
export type Props = Record<string, unknown>;

/**
 * What check adds to a kind's inputs (see resource.ts and adopt.ts): where a generated name came
 * from, and which inputs an adopted resource keeps as it has them.
 */
export interface Checked {
  __autoName?: string;
  __stack?: string;
  __undeclared?: string[];
}

/** What every adoptable kind's state says of how create found the resource. */
export interface Adoption {
  /** True when create took over a live resource (`adopt`). */
  adopted?: boolean;
}

/**
 * The outputs a resource class of sdk/ declares besides its inputs `I`, as plain values: what the
 * provider computes (an ARN, a status, timestamps). The class is their one declaration, with
 * their docs; optional here because a create that failed part way has only some of them.
 */
export type ComputedOutputs<R, I> = {
  [
    K in keyof R as K extends keyof I | keyof pulumi.CustomResource
      ? never
      : R[K] extends pulumi.Output<unknown>
        ? K
        : never
  ]?: R[K] extends pulumi.Output<infer T> ? T : never;
};

/** The properties without undefined values: the plugin cannot serialise those into state. */
export function defined<T extends object>(props: T): T {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as T;
}

/** The given keys of `props` that have a value. */
export function pick<T extends object, K extends keyof T & string>(
  props: T,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => props[k] !== undefined).map((k) => [k, props[k]])) as Partial<
    Pick<T, K>
  >;
}

/** An object's own keys, typed as its keys (Object.keys types them as strings). */
export const keysOf = <T extends object>(o: T) => Object.keys(o) as (keyof T & string)[];

/**
 * Settings under their API names (`names`: input name to API member), each value from `value`:
 * the form a Create or Update call takes them in (`W`). Each name pairs an input with the API
 * member of its type, a pairing TypeScript cannot follow through a computed key.
 */
export function underWireNames<K extends string, W>(
  names: Record<K, keyof W>,
  keys: readonly K[],
  value: (k: K) => unknown,
): W {
  return Object.fromEntries(keys.map((k) => [names[k], value(k)])) as W;
}

/** An input name from a wire name: `MaxEventSize` to `maxEventSize`. */
export const lower = (s: string) => s[0].toLowerCase() + s.slice(1);

/** A wire name from an input name: `startsWith` to `StartsWith`. */
export const capital = <S extends string>(s: S) => (s[0].toUpperCase() + s.slice(1)) as Capitalize<S>;

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
