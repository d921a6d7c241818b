import * as pulumi from "@pulumi/pulumi";
import { validationWarnings } from "../provider/validate";
import type { Kind } from "../provider/validation-types";

/**
 * Logs VALIDATION-2's warnings about a resource's inputs on the resource, each once per run.
 * The dynamic provider's `check` has no channel for warnings, so the class judges its own
 * inputs: those known at construction at once, the rest when they resolve (never, in a preview
 * where they stay unknown; the provider's check judges them again before any call).
 */
export function warnOfInputs(kind: Kind, args: object, resource: pulumi.Resource): void {
  const logged = new Set<string>();
  const judge = (inputs: unknown) => {
    for (const w of validationWarnings(kind, inputs)) {
      const text = `${w.property}: ${w.reason}`;
      if (logged.has(text)) continue;
      logged.add(text);
      void pulumi.log.warn(text, resource);
    }
  };
  const known = knownPart(args);
  judge(known.value);
  if (!known.complete) pulumi.output(args).apply(judge);
}

/** The plain values of an input tree, with outputs and promises left out. */
function knownPart(value: unknown): { value: unknown; complete: boolean } {
  if (pulumi.Output.isInstance(value) || value instanceof Promise)
    return { value: undefined, complete: false };
  if (Array.isArray(value) || (typeof value === "object" && value !== null)) {
    let complete = true;
    const entries = Object.entries(value).map(([k, v]) => {
      const part = knownPart(v);
      complete &&= part.complete;
      return [k, part.value] as const;
    });
    const copy = Array.isArray(value) ? entries.map(([, v]) => v) : Object.fromEntries(entries);
    return { value: copy, complete };
  }
  return { value, complete: true };
}
