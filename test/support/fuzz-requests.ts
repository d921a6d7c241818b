import fc from "fast-check";
import { OPERATION_SHAPES as shapes } from "cloudtrail-emulator/internals";

type Shape = {
  type: string;
  required?: string[];
  members?: Record<string, string>;
  member?: string;
  value?: string;
};

/**
 * How far generated requests stray from their shapes: one value in `noise` is null or any JSON,
 * and `required` members are always present when set. @default { noise: 10, required: false }
 */
export type Straying = { noise: number; required: boolean };
const DEFAULT_STRAYING: Straying = { noise: 10, required: false };
type ServiceShapes = { operations: Record<string, string | null>; shapes: Record<string, Shape> };

/** The emulator's input shapes of each service it serves. */
export const SERVICE_SHAPES = shapes as unknown as Record<"cloudtrail" | "cloudtrail-data", ServiceShapes>;

/**
 * A value for a shape: mostly of the right JSON type, sometimes null or any JSON at all (`straying`).
 * Strings
 * come from `strings` (names the handlers look for, so that random requests reach past the first
 * check) or are random.
 */
export function valueOf(
  model: ServiceShapes,
  shapeName: string,
  strings: string[],
  straying = DEFAULT_STRAYING,
  depth = 0,
): fc.Arbitrary<unknown> {
  const shape = model.shapes[shapeName];
  const anyJson = fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
  const inner = (name: string) => valueOf(model, name, strings, straying, depth + 1);
  let typed: fc.Arbitrary<unknown>;
  switch (shape.type) {
    case "structure":
      typed =
        depth > 4
          ? fc.constant({})
          : fc.record(
              Object.fromEntries(Object.entries(shape.members ?? {}).map(([m, s]) => [m, inner(s)])),
              { requiredKeys: straying.required ? (shape.required ?? []) : [] },
            );
      break;
    case "list":
      typed = fc.array(inner(shape.member as string), { maxLength: 4 });
      break;
    case "map":
      typed = fc.dictionary(fc.constantFrom(...strings), inner(shape.value as string), { maxKeys: 3 });
      break;
    case "boolean":
      typed = fc.boolean();
      break;
    case "integer":
    case "long":
      typed = fc.oneof(fc.integer({ min: -5, max: 60 }), fc.double());
      break;
    case "timestamp":
      typed = fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.string());
      break;
    default:
      typed = fc.oneof(fc.constantFrom(...strings), fc.string({ maxLength: 20 }));
  }
  return fc.oneof({ weight: straying.noise - 1, arbitrary: typed }, { weight: 1, arbitrary: anyJson });
}

/** A request to one of `operations`: a body shaped after its input (straying so far), or any JSON, or not JSON at all. */
export function requestTo(
  model: ServiceShapes,
  operations: string[],
  strings: string[],
  straying = DEFAULT_STRAYING,
): fc.Arbitrary<[string, string]> {
  return fc.constantFrom(...operations).chain((operation) => {
    const input = model.operations[operation];
    const shaped = input
      ? valueOf(model, input, strings, straying).map((v) => JSON.stringify(v))
      : fc.constant("{}");
    return fc.tuple(
      fc.constant(operation),
      fc.oneof(
        { weight: 17, arbitrary: shaped },
        { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.string() },
      ),
    );
  });
}
