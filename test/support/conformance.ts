import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { withSdkSchema } from "../../scripts/sdk-model";

type ModelShape = {
  type: string;
  required?: string[];
  members?: Record<string, { shape: string }>;
  member?: { shape: string };
  value?: { shape: string };
  enum?: string[];
};
type Model = {
  operations: Record<string, { output?: { shape: string }; errors?: { shape: string }[] }>;
  shapes: Record<string, ModelShape>;
};

const MODELS = join(__dirname, "..", "..", "..", "..", "shared", "reference", "aws-models");
const MODEL_PATH = join(MODELS, "cloudtrail-2013-11-01.service-2.json");
const DATA_MODEL_PATH = join(MODELS, "cloudtrail-data-2021-08-11.service-2.json");

/** Errors any AWS JSON operation may answer besides its own list. */
const COMMON_ERRORS = [
  "ThrottlingException",
  "InternalFailure",
  "ValidationException",
  "SerializationException",
  "UnknownOperationException",
  "MissingAuthenticationTokenException",
  "InvalidSignatureException",
  "IncompleteSignatureException",
  "UnrecognizedClientException",
  "RequestEntityTooLargeException",
  "MalformedHttpRequestException",
];

/**
 * Errors RULES.md prescribes where the model's list is silent: TRAIL-3 names InvalidHomeRegionException
 * for AddTags; TRAIL-1 refuses an update to multi-region where a region is full.
 */
const RULE_ERRORS: Record<string, string[]> = {
  AddTags: ["InvalidHomeRegionException"],
  UpdateTrail: ["MaximumNumberOfTrailsExceededException", "TrailAlreadyExistsException"],
};

/**
 * Errors the installed SDK documents for an operation (`@throws` in its command's types): the
 * service has added some since the model in ../shared was taken (CloudTrailARNInvalidException on
 * every operation that takes a trail ARN).
 */
function sdkErrors(operation: string): string[] {
  const file = join(
    dirname(require.resolve("@aws-sdk/client-cloudtrail/package.json")),
    "dist-types",
    "commands",
    `${operation}Command.d.ts`,
  );
  if (!existsSync(file)) return [];
  return [...readFileSync(file, "utf8").matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1]);
}

let cached: Model | null | undefined;
let cachedData: Model | null | undefined;

/**
 * The CloudTrail service model from ../shared, with the operations, members and errors it lacks
 * taken from the installed SDK's schema (its newer revision); null when ../shared is absent.
 */
export function cloudTrailModel(): Model | null {
  if (cached === undefined)
    cached = existsSync(MODEL_PATH)
      ? (withSdkSchema(JSON.parse(readFileSync(MODEL_PATH, "utf8"))) as Model)
      : null;
  return cached;
}

/** The CloudTrail Data model (PutAuditEvents), or null when ../shared is absent. */
export function cloudTrailDataModel(): Model | null {
  if (cachedData === undefined)
    cachedData = existsSync(DATA_MODEL_PATH)
      ? (JSON.parse(readFileSync(DATA_MODEL_PATH, "utf8")) as Model)
      : null;
  return cachedData;
}

/** Problems of one response against the operation's output shape (or error list). */
export function conformanceProblems(
  model: Model,
  operation: string,
  status: number,
  body: unknown,
): string[] {
  const op = model.operations[operation];
  if (!op) return [`${operation} is not an operation of the model`];
  if (status !== 200) {
    const code = (body as { __type?: string })?.__type ?? "";
    const allowed = [
      ...(op.errors ?? []).map((e) => e.shape),
      ...COMMON_ERRORS,
      ...(RULE_ERRORS[operation] ?? []),
      ...sdkErrors(operation),
    ];
    return allowed.includes(code)
      ? []
      : [`${operation} answered ${code}, which the model does not list for it`];
  }
  const problems: string[] = [];
  if (op.output) check(model, op.output.shape, body, operation, problems);
  return problems;
}

function check(model: Model, shapeName: string, value: unknown, path: string, problems: string[]): void {
  const shape = model.shapes[shapeName];
  const bad = (what: string) => problems.push(`${path}: ${what} (${JSON.stringify(value)?.slice(0, 80)})`);
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || value === null || Array.isArray(value))
        return void bad("expected an object");
      const obj = value as Record<string, unknown>;
      for (const r of shape.required ?? []) if (obj[r] === undefined) bad(`required member ${r} missing`);
      for (const key of Object.keys(obj)) {
        const member = shape.members?.[key];
        if (!member) bad(`member ${key} is not in shape ${shapeName}`);
        else if (obj[key] !== null && obj[key] !== undefined)
          check(model, member.shape, obj[key], `${path}.${key}`, problems);
      }
      return;
    }
    case "list":
      if (!Array.isArray(value)) return void bad("expected a list");
      value.forEach((v, i) => check(model, shape.member!.shape, v, `${path}[${i}]`, problems));
      return;
    case "map":
      if (typeof value !== "object" || value === null) return void bad("expected a map");
      for (const [k, v] of Object.entries(value))
        check(model, shape.value!.shape, v, `${path}.${k}`, problems);
      return;
    case "string":
      if (typeof value !== "string") return void bad("expected a string");
      if (shape.enum && !shape.enum.includes(value)) bad(`not one of ${shape.enum.join("|")}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") bad("expected a boolean");
      return;
    case "integer":
    case "long":
      // The SDK's schema has one numeric type for integers and floats alike (SearchSampleQueries'
      // Relevance is a float): members known only from it are checked as numbers.
      if (shapeName.startsWith("__sdk_") ? typeof value !== "number" : !Number.isInteger(value))
        bad(shapeName.startsWith("__sdk_") ? "expected a number" : "expected an integer");
      return;
    case "timestamp":
      if (typeof value !== "number") bad("expected epoch seconds");
      return;
    default:
      return;
  }
}
