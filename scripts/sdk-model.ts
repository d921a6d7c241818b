import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** A service model in the form of AWS's service-2.json files (the parts this project reads). */
export type ServiceModel = {
  operations: Record<
    string,
    { input?: { shape: string }; output?: { shape: string }; errors?: { shape: string }[] }
  >;
  shapes: Record<
    string,
    {
      type: string;
      required?: string[];
      members?: Record<string, { shape: string }>;
      member?: { shape: string };
      key?: { shape: string };
      value?: { shape: string };
      enum?: string[];
      exception?: boolean;
    }
  >;
};

type Schema = number | (() => Schema) | unknown[];

const SIMPLE: Record<number, string> = {
  0: "string",
  1: "long",
  2: "boolean",
  4: "timestamp",
  5: "timestamp",
  6: "timestamp",
  7: "timestamp",
  21: "blob",
};

/**
 * Merges the installed CloudTrail SDK's schema into a copy of a service model: operations the
 * model lacks are added (input, output, and the errors the command's `@throws` JSDoc lists),
 * structures the model has gain the members the SDK knows and the model does not and take the
 * SDK's required list, and errors
 * listed for an operation by the SDK join the model's list. The SDK's schema is the newer
 * revision of the same model; its enums (exported under the shape's name) widen the model's, and
 * members new since the model are checked by type only.
 *
 * Schema encoding (@smithy/core schemas): a structure is [3, namespace, name, traits,
 * memberNames, memberSchemas, requiredCount] (the first requiredCount members are required), an
 * error [-3, …] likewise, a list [1, namespace, name, traits, member], an operation [9,
 * namespace, name, traits, input, output]; a number is a simple type (0 string, 1 number,
 * 2 boolean, 4-7 timestamp, 21 blob), plus 64 for a list of it and 128 for a map of it.
 */
export function withSdkSchema(base: ServiceModel): ServiceModel {
  const model = structuredClone(base);
  const sdkEntry = require.resolve("@aws-sdk/client-cloudtrail");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require(sdkEntry) as Record<string, unknown>;
  const commands = join(dirname(sdkEntry), "..", "dist-types", "commands");
  const visited = new Set<string>();
  const shapeOf = (schema: Schema): string => {
    const s = typeof schema === "function" ? schema() : schema;
    if (typeof s === "number") {
      const type = SIMPLE[s & 63] ?? "string";
      const simple = `__sdk_${type}`;
      model.shapes[simple] ??= { type };
      if (s & 64) {
        model.shapes[`${simple}_list`] ??= { type: "list", member: { shape: simple } };
        return `${simple}_list`;
      }
      if (s & 128) {
        model.shapes[`${simple}_map`] ??= {
          type: "map",
          key: { shape: "__sdk_string" },
          value: { shape: simple },
        };
        return `${simple}_map`;
      }
      return simple;
    }
    const [tag, , name] = s as [number, string, string];
    if (visited.has(name)) return name;
    visited.add(name);
    const known = model.shapes[name];
    if (tag === 3) {
      const [, , , , names, members, required = 0] = s as [
        number,
        string,
        string,
        number,
        string[],
        Schema[],
        number?,
      ];
      const shape = (model.shapes[name] ??= { type: "structure", members: {} });
      // The newer revision decides what is required (TrailName became optional when stores gained Insights).
      if (required > 0) shape.required = names.slice(0, required);
      else delete shape.required;
      shape.members ??= {};
      // Every member is walked, known ones too, so nested structures gain their new members.
      names.forEach((m, i) => {
        const memberShape = shapeOf(members[i]);
        shape.members![m] ??= { shape: memberShape };
      });
    } else if (tag === 1) {
      // A list the model knows is still walked: its structure may have gained members
      // (InsightSelector's EventCategories).
      const member = shapeOf((s as Schema[])[4]);
      model.shapes[name] ??= { type: "list", member: { shape: member } };
    } else if (!known) {
      model.shapes[name] = { type: "string" };
    }
    return name;
  };
  // Enums the SDK exports under the shape's name carry the values added since the model.
  for (const [name, shape] of Object.entries(model.shapes)) {
    const values = sdk[name];
    if (shape.enum && typeof values === "object" && values !== null && !Array.isArray(values))
      shape.enum = [...new Set([...shape.enum, ...Object.values(values).map(String)])];
  }
  for (const [key, value] of Object.entries(sdk)) {
    if (!key.endsWith("$") || !Array.isArray(value) || value[0] !== 9) continue;
    const name = value[2] as string;
    const input = shapeOf(value[4] as Schema);
    const output = shapeOf(value[5] as Schema);
    const op = (model.operations[name] ??= {});
    op.input ??= { shape: input };
    op.output ??= { shape: output };
    const listed = new Set((op.errors ?? []).map((e) => e.shape));
    let doc = "";
    try {
      doc = readFileSync(join(commands, `${name}Command.d.ts`), "utf8");
    } catch {
      continue;
    }
    for (const m of doc.matchAll(/@throws \{@link (\w+)\}/g)) {
      if (m[1] !== "CloudTrailServiceException" && !listed.has(m[1])) {
        listed.add(m[1]);
        (op.errors ??= []).push({ shape: m[1] });
      }
    }
  }
  return model;
}
