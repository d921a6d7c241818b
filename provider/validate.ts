import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import schema from "../schema.json";
import { OPERATORS, crossFieldRules, isObject } from "./rules";
import { normalize } from "./normalize";
import { KINDS, type CheckFailure, type Kind, type ValidationResult } from "./validation-types";

export { KINDS, type CheckFailure, type Kind, type ValidationResult };

type HintedSchema = { "x-rule"?: string; "x-hint"?: string };

let ajv: Ajv2020 | undefined;
const validators = new Map<Kind, ValidateFunction | undefined>();

/**
 * The kind's validator, compiled from schema.json on first use (strict mode, the 2020-12 dialect,
 * every error at once). Only the kinds a process checks are compiled: a plugin process that
 * manages trails never pays for the Lake kinds.
 */
function compiled(kind: Kind): ValidateFunction | undefined {
  if (!validators.has(kind)) {
    if (!ajv) {
      // strictRequired would refuse `required` inside anyOf/oneOf branches (ES-7's exclusivity), whose
      // properties the parent schema defines; every other strict check stays on.
      ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true, verbose: true });
      addFormats(ajv);
      ajv.addKeyword({ keyword: "x-rule", schemaType: "string" });
      ajv.addKeyword({ keyword: "x-hint", schemaType: "string" });
      ajv.addSchema(schema);
    }
    const known = (KINDS as readonly string[]).includes(kind);
    validators.set(kind, known ? ajv.getSchema(`${schema.$id}#/$defs/${kind}`) : undefined);
  }
  return validators.get(kind);
}

/**
 * Validates a resource's inputs against schema.json and the rules JSON Schema cannot state, and
 * normalises them. The same code path as the providers' `check`, for programs and policy packs.
 */
export function validate(kind: Kind, inputs: unknown): ValidationResult {
  const validator = compiled(kind);
  if (!validator)
    return { failures: [{ property: "", reason: `unknown resource kind ${String(kind)}` }], warnings: [] };
  const failures = validator(inputs) ? [] : toFailures(validator.errors ?? []);
  const extra = crossFieldRules(kind, inputs);
  const strict = isStrict(inputs);
  failures.push(...extra.failures, ...(strict ? extra.warnings : []));
  const unique = dedupe(failures);
  return {
    failures: unique,
    warnings: strict ? [] : extra.warnings,
    normalized: unique.length === 0 ? normalize(kind, inputs as Record<string, unknown>) : undefined,
  };
}

/**
 * VALIDATION-2's warnings alone, as validate() reports them, without compiling the schema: what
 * the sdk classes log in the user's program.
 */
export function validationWarnings(kind: Kind, inputs: unknown): CheckFailure[] {
  return isStrict(inputs) ? [] : crossFieldRules(kind, inputs).warnings;
}

function isStrict(inputs: unknown): boolean {
  return isObject(inputs) && inputs.validation === "strict";
}

/** `/advancedEventSelectors/1/fieldSelectors/0` becomes `advancedEventSelectors[1].fieldSelectors[0]`. */
export function userPath(pointer: string, child?: string): string {
  const parts = pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (child !== undefined) parts.push(child);
  return parts.reduce(
    (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part),
    "",
  );
}

function toFailures(errors: ErrorObject[]): CheckFailure[] {
  // A failed anyOf/oneOf (at least one operator; ES-7) explains itself: the `required` failures
  // of its branches at the same place are noise.
  const branchRequired = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== "anyOf" && e.keyword !== "oneOf") continue;
    for (const branch of (e.schema as { required?: string[] }[]) ?? []) {
      for (const name of branch.required ?? []) branchRequired.add(`${e.instancePath}\u0000${name}`);
    }
  }
  return (
    errors
      // "if" and "propertyNames" only wrap the failure that explains them.
      .filter((e) => e.keyword !== "if" && e.keyword !== "propertyNames")
      .filter(
        (e) =>
          !(
            e.keyword === "required" &&
            branchRequired.has(`${e.instancePath}\u0000${e.params.missingProperty}`)
          ),
      )
      .map(toFailure)
  );
}

function toFailure(e: ErrorObject): CheckFailure {
  const hinted = (e.parentSchema ?? {}) as HintedSchema;
  const rule = hinted["x-rule"] ? ` (${hinted["x-rule"]})` : "";
  switch (e.keyword) {
    case "required": {
      // An object whose x-rule states a oneOf/anyOf or a pairing (ES-7, TRAIL-4) has that rule
      // for those, not for its plain required properties.
      const aboutSiblings = "oneOf" in hinted || "anyOf" in hinted || "dependentRequired" in hinted;
      const reason = `is required${aboutSiblings ? "" : rule}`;
      return { property: userPath(e.instancePath, e.params.missingProperty), reason };
    }
    case "dependentRequired":
      return {
        property: userPath(e.instancePath, e.params.missingProperty),
        reason: `is required with ${e.params.property}: ${hinted["x-hint"] ?? "they go together"}${rule}`,
      };
    case "additionalProperties":
      return {
        property: userPath(e.instancePath, e.params.additionalProperty),
        reason: `is not a known property; check its spelling`,
      };
    case "type":
      return {
        property: userPath(e.instancePath, e.propertyName),
        reason: `must be ${article(String(e.params.type))}`,
      };
    default: {
      // Failures inside propertyNames (tag keys) name the key itself.
      const property = userPath(e.instancePath, e.propertyName);
      return {
        property,
        reason: hinted["x-hint"]
          ? `${hinted["x-hint"]}${rule}; got ${got(e, property)}`
          : `${e.message ?? "is invalid"}`,
      };
    }
  }
}

/** What the input had, as the rule counts it: a count for limits on sizes, the value otherwise. */
function got(e: ErrorObject, property: string): string {
  switch (e.keyword) {
    case "maxItems":
    case "minItems":
    case "maxProperties":
    case "minProperties":
      return counted(Object.keys(e.data as object).length, nounOf(property));
    case "maxLength":
    case "minLength":
      return counted([...String(e.data)].length, "characters");
    case "uniqueItems":
      return `${quote((e.data as unknown[])[e.params.j as number])} twice`;
    case "oneOf":
    case "anyOf": {
      // Which of the alternatives (each one required property) the input gave.
      const names = ((e.schema as { required?: string[] }[]) ?? []).flatMap((b) => b.required ?? []);
      const given = names.filter((n) => isObject(e.data) && e.data[n] !== undefined);
      if (given.length > 0) return given.join(" and ");
      return names.length === 2 ? "neither" : "none of them";
    }
    default:
      return quote(e.data);
  }
}

/** `advancedEventSelectors` counts selectors, `tags` tags, an operator such as `equals` values. */
function nounOf(property: string): string {
  const last = property.split(/[.[]/).pop() ?? "";
  if ((OPERATORS as readonly string[]).includes(last)) return "values";
  const words = last.split(/(?=[A-Z])/);
  return (words.pop() ?? "items").toLowerCase();
}

function counted(n: number, plural: string): string {
  return `${n} ${n === 1 ? plural.replace(/s$/, "") : plural}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function quote(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function dedupe(failures: CheckFailure[]): CheckFailure[] {
  const seen = new Set<string>();
  return failures.filter((f) => {
    const key = `${f.property}\u0000${f.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
