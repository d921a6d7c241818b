import { expect } from "chai";
import fc from "fast-check";
import {
  CreateTrailCommand,
  PutInsightSelectorsCommand,
  StartLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import { trailsOf, useEmulator } from "../../test/support/emulator";
import { rawCall } from "../../test/support/raw";
import { requestTo, SERVICE_SHAPES } from "../../test/support/fuzz-requests";

const model = SERVICE_SHAPES.cloudtrail;

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
  "API_ACTIVITY",
  "InsightsEvents",
  "ApiErrorRateInsight",
  "FillWithZeros",
];

const OPERATIONS = Object.keys(model.operations).filter((op) =>
  /Trail|EventSelectors|Insight|Tags|LookupEvents|Logging|EventConfiguration/.test(op),
);

const request = requestTo(model, OPERATIONS, STRINGS);

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
    // The trails after one request are those before the next: nothing else calls this emulator.
    let last: string | undefined;
    await fc.assert(
      fc.asyncProperty(request, async ([operation, body]) => {
        const before = last ?? (await trailsOf(t.admin));
        last = undefined;
        const res = await rawCall(t.emulator.url, `CloudTrail_20131101.${operation}`, body);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${operation} ${body} → ${JSON.stringify(res.body)}`).to.be.below(500);
        const after = await trailsOf(t.admin);
        if (res.status >= 400) expect(after, `${operation} ${body}`).to.equal(before);
        if (after.includes(`${ARN}fuzz-a`)) last = after;
        else {
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
