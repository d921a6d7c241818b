import { isDeepStrictEqual } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import type { Adoption, Checked } from "./props";
import { checkNamedInputs, userInputs } from "./resource";
import type { Kind } from "./validate";

// Adopting (`adopt: true`): an existing resource taken over keeps what it has for the settings
// the program leaves undeclared, at create, at every update, and refuses a replacement that
// would lose them.

/**
 * The check of a kind that can adopt: a name generated when none is given, schema.json's
 * judgement, and which of `kept` the program leaves undeclared (see `withUndeclared`).
 */
export function adoptableCheck(kind: Kind, kept: readonly string[]) {
  return async (olds: Checked & { name?: unknown }, news: Checked): Promise<pulumi.dynamic.CheckResult> =>
    withUndeclared(checkNamedInputs(kind, olds, news), news, kept);
}

/**
 * check's result with `__undeclared`: which of `keys` the program left out. An adopted resource
 * keeps what it had for those (`declaredOrKept`) instead of taking their defaults, so adopting
 * never changes a setting nobody declared.
 */
function withUndeclared(
  result: pulumi.dynamic.CheckResult,
  news: object,
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
export function declaredOrKept<T extends object>(
  olds: NoInfer<T> & Adoption,
  news: T & Checked,
): T & Checked {
  if (!olds.adopted) return news;
  const out: T & Checked & Adoption = { ...news, adopted: true };
  for (const k of (news.__undeclared ?? []) as (keyof T)[]) {
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
export function refuseLosingKept<T extends object>(
  what: string,
  olds: NoInfer<T> & Adoption,
  news: T & Checked,
  replaces: string[],
): void {
  if (!olds.adopted || replaces.length === 0) return;
  const lost = ((news.__undeclared ?? []) as (keyof T & string)[]).filter(
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
