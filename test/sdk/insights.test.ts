import {
  CreateTrailCommand,
  PutEventSelectorsCommand,
  PutInsightSelectorsCommand,
  StartLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import {
  InvalidArgumentsError,
  listInsightsData,
  listInsightsMetricData,
  type ListInsightsMetricDataOptions,
} from "../../sdk";
import { TEST_CREDENTIALS, useEmulator } from "../support/emulator";
import { runCli } from "./cli-run";

const TRAIL_ARN = "arn:aws:cloudtrail:us-east-1:123456789012:trail/insights";

describe("listInsightsMetricData, listInsightsData and their CLI commands", () => {
  const t = useEmulator();
  const client = () => ({ endpoint: t.emulator.url, region: "us-east-1", credentials: TEST_CREDENTIALS });
  const startLogging: Omit<ListInsightsMetricDataOptions, "endpoint"> = {
    eventSource: "cloudtrail.amazonaws.com",
    eventName: "StartLogging",
    insightType: "ApiCallRateInsight",
    period: 60,
  };
  beforeEach(async () => {
    const ct = t.client();
    await ct.send(new CreateTrailCommand({ Name: "insights", S3BucketName: "logs" }));
    for (let i = 0; i < 3; i++) {
      await ct.send(new StartLoggingCommand({ Name: "insights" }));
      await t.admin.advanceClock(60);
    }
  });

  it("INS-7 joins every page into one series of counts, and a throttled page is retried", async () => {
    await t.admin.clearLog();
    await t.admin.fault({ operation: "ListInsightsMetricData", kind: "throttle", count: 1 });
    const { points, trailArn } = await listInsightsMetricData({ ...client(), ...startLogging, pageSize: 2 });
    expect(trailArn).to.equal(undefined);
    expect(points.map((p) => p.value)).to.deep.equal([1, 1, 1]);
    expect(points[1].timestamp.getTime() - points[0].timestamp.getTime()).to.equal(60_000);
    const outcomes = (await t.admin.log()).map((e) => e.outcome);
    // The throttled first page, its retry, then the second page.
    expect(outcomes).to.have.length(3);
  });

  it("INS-7 and INS-9 refuse bad arguments before any call, naming them", async () => {
    await t.admin.clearLog();
    const refusal = async (call: () => Promise<unknown>) => {
      try {
        await call();
      } catch (e) {
        expect(e).to.be.instanceOf(InvalidArgumentsError);
        return (e as InvalidArgumentsError).failures.map((f) => f.property);
      }
      throw new Error("expected InvalidArgumentsError");
    };
    expect(
      await refusal(() =>
        listInsightsMetricData({ ...client(), ...startLogging, insightType: "ApiErrorRateInsight" }),
      ),
    ).to.deep.equal(["errorCode"]);
    expect(
      await refusal(() => listInsightsMetricData({ ...client(), ...startLogging, period: 120 as never })),
    ).to.deep.equal(["period"]);
    expect(
      await refusal(() =>
        listInsightsData({
          ...client(),
          trailArn: TRAIL_ARN,
          dimensions: { eventName: "a", eventSource: "b" },
        }),
      ),
    ).to.deep.equal(["dimensions"]);
    expect(await t.admin.log()).to.deep.equal([]);
  });

  it("the CLI prints the series and the Insights events as JSON Lines; a service refusal exits 1", async () => {
    const metrics = await runCli(t, [
      "insights-metrics",
      "--source",
      "cloudtrail.amazonaws.com",
      "--name",
      "StartLogging",
      "--type",
      "ApiCallRateInsight",
      "--period",
      "60",
    ]);
    expect(metrics.code, metrics.stderr).to.equal(0);
    expect(
      metrics.stdout
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { value: number }).value),
    ).to.deep.equal([1, 1, 1]);
    // No data-event Insights on the trail yet: the service refuses (INS-7).
    const refused = await runCli(t, ["insights-events", TRAIL_ARN]);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain("does not have Insights on data events enabled. (INS-7)");
    const ct = t.client();
    await ct.send(
      new PutEventSelectorsCommand({
        TrailName: "insights",
        EventSelectors: [{ DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::records/"] }] }],
      }),
    );
    await ct.send(
      new PutInsightSelectorsCommand({
        TrailName: "insights",
        InsightSelectors: [{ InsightType: "ApiCallRateInsight", EventCategories: ["Data"] }],
      }),
    );
    const events = await runCli(t, ["insights-events", TRAIL_ARN, "--dimension", "EventName=PutObject"]);
    expect(events.code, events.stderr).to.equal(0);
    expect(events.stdout).to.equal("");
    const usage = await runCli(t, ["insights-metrics", "--source", "s3.amazonaws.com"]);
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.contain("--name");
  });
});
