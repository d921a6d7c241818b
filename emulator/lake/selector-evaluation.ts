import { OPERATORS, type AdvancedEventSelector, type FieldSelector } from "../rules/selectors";
import type { LakeEvent } from "./state";

/**
 * Whether advanced event selectors select an event, as CloudTrail judges them: an event is
 * selected when any selector matches; a selector matches when every one of its field selectors
 * does; a field matches when one of its Equals/StartsWith/EndsWith values matches (if any are
 * given) and none of its NotEquals/NotStartsWith/NotEndsWith values does. A `resources.*` field
 * matches when one of the event's resources does.
 */
export function selects(selectors: readonly AdvancedEventSelector[], event: LakeEvent): boolean {
  return selectors.some((s) =>
    s.FieldSelectors.every((fs) => fieldMatches(fs, fieldValues(event, fs.Field))),
  );
}

function fieldMatches(fs: FieldSelector, values: string[]): boolean {
  return values.some((v) => valueMatches(fs, v)) || (values.length === 0 && valueMatches(fs, undefined));
}

function valueMatches(fs: FieldSelector, value: string | undefined): boolean {
  const v = value ?? "";
  const tests: Record<(typeof OPERATORS)[number], (x: string) => boolean> = {
    Equals: (x) => v === x,
    StartsWith: (x) => v.startsWith(x),
    EndsWith: (x) => v.endsWith(x),
    NotEquals: (x) => v === x,
    NotStartsWith: (x) => v.startsWith(x),
    NotEndsWith: (x) => v.endsWith(x),
  };
  const positive = (["Equals", "StartsWith", "EndsWith"] as const).filter((op) => fs[op] !== undefined);
  if (positive.length > 0) {
    if (value === undefined) return false;
    if (!positive.some((op) => fs[op]!.some(tests[op]))) return false;
  }
  if (value === undefined) return true;
  return !(["NotEquals", "NotStartsWith", "NotEndsWith"] as const).some((op) =>
    (fs[op] ?? []).some(tests[op]),
  );
}

/** The values an event has for a selector field; booleans as "true"/"false". */
function fieldValues(event: LakeEvent, field: string): string[] {
  if (field.startsWith("resources.")) {
    const key = field.slice("resources.".length);
    const resources = Array.isArray(event.resources) ? (event.resources as Record<string, unknown>[]) : [];
    return resources
      .map((r) => r?.[key])
      .filter((v) => v !== undefined && v !== null)
      .map(String);
  }
  let value: unknown = event;
  for (const part of field.split(".")) {
    value =
      typeof value === "object" && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value === undefined || value === null ? [] : [String(value)];
}
