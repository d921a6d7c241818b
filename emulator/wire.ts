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

/**
 * Checks a request body against the operation's input shape as AWS's front end does: a value of
 * the wrong JSON type is a SerializationException, a missing required member a ValidationException.
 * Unknown members are ignored, as AWS ignores them.
 */
export function checkInput(
  service: "cloudtrail" | "cloudtrail-data",
  operation: string,
  body: unknown,
): void {
  const model = services[service];
  const input = model.operations[operation];
  if (!input) return;
  const missing: string[] = [];
  walk(model, input, body, "", missing);
  if (missing.length > 0) {
    throw new ServiceError(
      "ValidationException",
      `${missing.length} validation error${missing.length > 1 ? "s" : ""} detected: ` +
        missing
          .map((p) => `Value null at '${p}' failed to satisfy constraint: Member must not be null`)
          .join("; "),
    );
  }
}

function walk(
  model: ServiceShapes,
  shapeName: string,
  value: unknown,
  path: string,
  missing: string[],
): void {
  if (value === null || value === undefined) return;
  const shape = model.shapes[shapeName];
  const wrong = (expected: string): never => {
    throw new ServiceError(
      "SerializationException",
      `Unexpected value at '${path}': expected ${expected}, got ${Array.isArray(value) ? "array" : typeof value}`,
    );
  };
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value)) wrong("an object");
      const obj = value as Record<string, unknown>;
      for (const req of shape.required ?? []) {
        if (obj[req] === undefined || obj[req] === null) missing.push(join(path, lowerFirst(req)));
      }
      for (const [member, memberShape] of Object.entries(shape.members ?? {})) {
        walk(model, memberShape, obj[member], join(path, lowerFirst(member)), missing);
      }
      return;
    }
    case "list":
      if (!Array.isArray(value)) wrong("an array");
      (value as unknown[]).forEach((v, i) =>
        walk(model, shape.member as string, v, `${path}.${i + 1}.member`, missing),
      );
      return;
    case "map":
      if (typeof value !== "object" || Array.isArray(value)) wrong("an object");
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        walk(model, shape.value as string, v, `${path}.${k}`, missing);
      }
      return;
    case "string":
    case "blob":
      if (typeof value !== "string") wrong("a string");
      return;
    case "boolean":
      if (typeof value !== "boolean") wrong("a boolean");
      return;
    case "integer":
    case "long":
      if (typeof value !== "number" || !Number.isInteger(value)) wrong("an integer");
      return;
    case "timestamp":
      if (typeof value !== "number" && typeof value !== "string") wrong("a timestamp");
      return;
    default:
      return;
  }
}

function join(path: string, member: string): string {
  return path === "" ? member : `${path}.${member}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
