import { expect } from "chai";
import fc from "fast-check";
import {
  CreateTrailCommand,
  PutInsightSelectorsCommand,
  StartLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import shapes from "../../emulator/shapes.json";
import { trailsOf, useEmulator } from "../support/emulator";
import { rawCall } from "../support/raw";

type Shape = { type: string; members?: Record<string, string>; member?: string; value?: string };
const model = shapes.cloudtrail as unknown as {
  operations: Record<string, string | null>;
  shapes: Record<string, Shape>;
};

const BUCKET = "audit-logs-bucket";
const ARN = "arn:aws:cloudtrail:us-east-1:123456789012:trail/";
/** Strings the handlers look for, so that random requests reach past the first check. */
const STRINGS = [
  "fuzz-a",
  "fuzz-b",
  `${ARN}fuzz-a`,
  `${ARN}fuzz-b`,
  BUCKET,
  "",
  "eventCategory",
  "Management",
  "Data",
  "resources.type",
  "AWS::S3::Object",
  "readOnly",
  "true",
  "ApiCallRateInsight",
  "ReadOnly",
  "EventName",
  "All",
  "__proto__",
  "constructor",
  "arn:aws:s3",
  "alias/key",
];

/** A value for a shape: mostly of the right JSON type, sometimes null or any JSON at all. */
function valueOf(shapeName: string, depth: number): fc.Arbitrary<unknown> {
  const shape = model.shapes[shapeName];
  const anyJson = fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
  let typed: fc.Arbitrary<unknown>;
  switch (shape.type) {
    case "structure":
      typed =
        depth > 4
          ? fc.constant({})
          : fc.record(
              Object.fromEntries(
                Object.entries(shape.members ?? {}).map(([m, s]) => [m, valueOf(s, depth + 1)]),
              ),
              { requiredKeys: [] },
            );
      break;
    case "list":
      typed = fc.array(valueOf(shape.member as string, depth + 1), { maxLength: 4 });
      break;
    case "map":
      typed = fc.dictionary(fc.constantFrom(...STRINGS), valueOf(shape.value as string, depth + 1), {
        maxKeys: 3,
      });
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
      typed = fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 20 }));
  }
  return fc.oneof({ weight: 9, arbitrary: typed }, { weight: 1, arbitrary: anyJson });
}

const OPERATIONS = Object.keys(model.operations).filter((op) =>
  /Trail|EventSelectors|InsightSelectors|Tags|LookupEvents|Logging/.test(op),
);

/** A request body: shaped after the operation's input, or any JSON, or not JSON at all. */
const request = fc.constantFrom(...OPERATIONS).chain((operation) => {
  const input = model.operations[operation];
  const shaped = input ? valueOf(input, 0).map((v) => JSON.stringify(v)) : fc.constant("{}");
  return fc.tuple(
    fc.constant(operation),
    fc.oneof(
      { weight: 17, arbitrary: shaped },
      { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.string() },
    ),
  );
});

describe("emulator: fuzzed requests to every trail operation", function () {
  this.timeout(240_000);
  // Few events kept, so that each look at the state stays small.
  const t = useEmulator({ eventLimit: 10 });

  it("never answers 5xx, never crashes, and changes no trail on a 4xx (seed 9, 2000 requests)", async () => {
    const seedTrails = async () => {
      await t.client().send(new CreateTrailCommand({ Name: "fuzz-a", S3BucketName: BUCKET }));
      await t.client().send(new StartLoggingCommand({ Name: "fuzz-a" }));
      await t.client().send(
        new PutInsightSelectorsCommand({
          TrailName: "fuzz-a",
          InsightSelectors: [{ InsightType: "ApiCallRateInsight" }],
        }),
      );
    };
    await seedTrails();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ([operation, body]) => {
        const before = await trailsOf(t.admin);
        const res = await rawCall(t.emulator.url, `CloudTrail_20131101.${operation}`, body);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${operation} ${body} → ${JSON.stringify(res.body)}`).to.be.below(500);
        if (res.status >= 400) expect(await trailsOf(t.admin), `${operation} ${body}`).to.equal(before);
        if (!(await trailsOf(t.admin)).includes(`${ARN}fuzz-a`)) {
          await t.admin.reset();
          await seedTrails();
        }
      }),
      { seed: 9, numRuns: 2000 },
    );
    // The fuzz reaches the handlers: both answers and refusals are common.
    expect(statuses.get(200) ?? 0).to.be.above(100);
    expect(statuses.get(400) ?? 0).to.be.above(100);
    expect((await fetch(`${t.emulator.url}/_emulator/health`)).status).to.equal(200);
  });
});
