import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import type { Checked, Props } from "./props";
import { isObject } from "./rules";
import { normalize } from "./normalize";
import type { Kind, validate as Validate } from "./validate";

// The check pipeline every kind's provider runs: inputs judged by schema.json (unknowns left
// out), names generated where none is given, and the diff of inputs by value. Adopting is in
// adopt.ts, AWS's errors in aws.ts, converging in converge.ts.

/** The value the engine sends for an input not known yet (a preview before its source exists). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  return isObject(value) && Object.values(value).some(containsUnknown);
}

/** The user's inputs without the engine's and the SDK's own keys (`__provider`, `__autoName`). */
export function userInputs(news: object): Props {
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

/** The check of a kind without a generated name or adopt: schema.json's judgement of the user's inputs. */
export const inputsCheck =
  (kind: Kind) =>
  async (_olds: object, news: object): Promise<pulumi.dynamic.CheckResult> =>
    checkInputs(kind, userInputs(news));

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
export function checkNamedInputs(
  kind: Kind,
  olds: Checked & { name?: unknown },
  news: Checked,
): pulumi.dynamic.CheckResult {
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
 * The inputs whose change replaces a resource, each with when it does ("" for any change); every
 * other input updates in place. Each provider module exports its own as `replacedBy`: its diff acts
 * on it and the reference pages print it (scripts/gen-docs.ts), so that the two cannot disagree.
 */
export type ReplacedBy = Readonly<Record<string, string>>;

/** The inputs in `keys` that replace the resource. */
export function replacingInputs(replacedBy: ReplacedBy, keys: readonly string[]): string[] {
  return keys.filter((k) => Object.hasOwn(replacedBy, k));
}

/** Top-level inputs whose values differ, by value (normalised lists compare as sets). */
export function changedInputs<T extends object, K extends keyof T & string>(
  olds: T,
  news: Partial<T>,
  keys: readonly K[],
): K[] {
  return keys.filter((k) => !isDeepStrictEqual(olds[k] ?? null, news[k] ?? null));
}
