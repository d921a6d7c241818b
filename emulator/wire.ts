import shapes from "./shapes.json";
import { ServiceError } from "./errors";

type Shape = {
  type: string;
  required?: string[];
  members?: Record<string, string>;
  member?: string;
  key?: string;
  value?: string;
};
type ServiceShapes = { operations: Record<string, string | null>; shapes: Record<string, Shape> };

const services = shapes as unknown as Record<"cloudtrail" | "cloudtrail-data", ServiceShapes>;

/** Operation names of a service's model, for the router's unknown-operation check. */
export function knownOperations(service: "cloudtrail" | "cloudtrail-data"): string[] {
  return Object.keys(services[service].operations);
}

/** How deep a request body's JSON may nest; CloudTrail's deepest input nests 5 levels. */
export const MAX_JSON_DEPTH = 32;

/**
 * Parses a request body as AWS's front end does (WIRE-1): not JSON, nested deeper than
 * MAX_JSON_DEPTH, or not an object is a SerializationException. An empty body is `{}`. The depth is
 * measured on the text before parsing, so no deep structure is ever built.
 */
export function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new ServiceError(
      "SerializationException",
      `The request body nests deeper than ${MAX_JSON_DEPTH} levels. (WIRE-1)`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ServiceError("SerializationException", "The request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ServiceError("SerializationException", "The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

/** How deep a JSON text nests, measured on the text, so no deep structure is built to find out. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91 /* { [ */) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93 /* } ] */) depth--;
  }
  return max;
}

/**
 * Checks a request body against the operation's input shape as AWS's front end does, and returns
 * what the handler may see: a value of the wrong JSON type (or an integer out of its range) is a
 * SerializationException; a missing or null required member, or a null inside a list or map, a
 * ValidationException. Unknown members are ignored, as AWS ignores them, and an optional member sent
 * as null is absent: neither reaches the handler. Objects come back without a prototype, so no
 * client-chosen key can reach Object.prototype.
 */
export function checkInput(
  service: "cloudtrail" | "cloudtrail-data",
  operation: string,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const model = services[service];
  const input = model.operations[operation];
  if (!input) return Object.assign(Object.create(null) as Record<string, unknown>, body);
  const missing: string[] = [];
  const checked = walk(model, input, body, "", missing) as Record<string, unknown>;
  if (missing.length > 0) {
    throw new ServiceError(
      "ValidationException",
      `${missing.length} validation error${missing.length > 1 ? "s" : ""} detected: ` +
        missing
          .map((p) => `Value null at '${p}' failed to satisfy constraint: Member must not be null`)
          .join("; "),
    );
  }
  return checked;
}

const INT32 = 2 ** 31;

function walk(
  model: ServiceShapes,
  shapeName: string,
  value: unknown,
  path: string,
  missing: string[],
): unknown {
  const shape = model.shapes[shapeName];
  const wrong = (expected: string): never => {
    throw new ServiceError(
      "SerializationException",
      `Unexpected value at '${path || "body"}': expected ${expected}, got ${value === null ? "null" : Array.isArray(value) ? "array" : typeof value}`,
    );
  };
  const element = (v: unknown, shape: string, at: string): unknown => {
    if (v === null || v === undefined) {
      missing.push(at);
      return undefined;
    }
    return walk(model, shape, v, at, missing);
  };
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return wrong("an object");
      const obj = value as Record<string, unknown>;
      const out = Object.create(null) as Record<string, unknown>;
      for (const req of shape.required ?? []) {
        if (!Object.hasOwn(obj, req) || obj[req] === null) missing.push(join(path, lowerFirst(req)));
      }
      for (const [member, memberShape] of Object.entries(shape.members ?? {})) {
        const v = Object.hasOwn(obj, member) ? obj[member] : undefined;
        if (v !== null && v !== undefined)
          out[member] = walk(model, memberShape, v, join(path, lowerFirst(member)), missing);
      }
      return out;
    }
    case "list":
      if (!Array.isArray(value)) return wrong("an array");
      return value.map((v, i) => element(v, shape.member as string, `${path}.${i + 1}.member`));
    case "map": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return wrong("an object");
      const out = Object.create(null) as Record<string, unknown>;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        out[k] = element(v, shape.value as string, `${path}.${k}`);
      }
      return out;
    }
    case "string":
    case "blob":
      return typeof value === "string" ? value : wrong("a string");
    case "boolean":
      return typeof value === "boolean" ? value : wrong("a boolean");
    case "integer":
      return Number.isInteger(value) && Math.abs(value as number) < INT32 ? value : wrong("a 32-bit integer");
    case "long":
      return Number.isSafeInteger(value) ? value : wrong("a 64-bit integer");
    case "float":
    case "double":
      return typeof value === "number" && Number.isFinite(value) ? value : wrong("a number");
    case "timestamp":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      if (typeof value === "string" && Number.isFinite(Date.parse(value))) return value;
      return wrong("a timestamp");
    default:
      return value;
  }
}
function join(path: string, member: string): string {
  return path === "" ? member : `${path}.${member}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
