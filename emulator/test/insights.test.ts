import { expect } from "chai";
import {
  CreateEventDataStoreCommand,
  CreateTrailCommand,
  GetEventConfigurationCommand,
  GetInsightSelectorsCommand,
  ListInsightsDataCommand,
  ListInsightsMetricDataCommand,
  PutEventConfigurationCommand,
  PutEventSelectorsCommand,
  PutInsightSelectorsCommand,
  StartLoggingCommand,
  type CloudTrailClient,
  type InsightSelector,
  type ListInsightsMetricDataCommandInput,
} from "@aws-sdk/client-cloudtrail";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { EmulatorAdmin } from "cloudtrail-emulator";
import { awsError, useEmulator } from "../../test/support/emulator";
import { s3Client } from "../../test/support/s3";

const TRAIL = "insights";
const HOUR = 3600;
/** Management events and write data events of one S3 bucket's objects. */
const WITH_DATA = [
  {
    ReadWriteType: "All" as const,
    IncludeManagementEvents: true,
    DataResources: [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3:::watched/"] }],
  },
];

/** Moves the clock to the start of the next hour and answers that time, in seconds. */
async function nextHour(admin: EmulatorAdmin): Promise<number> {
  const now = (await admin.advanceClock(0)).getTime() / 1000;
  const start = Math.ceil(now / HOUR) * HOUR;
  await admin.advanceClock(start - now);
  return start;
}

describe("emulator: Insights on data events, Insights metrics, event aggregation", () => {
  const t = useEmulator();
  let ct: CloudTrailClient;
  beforeEach(async () => {
    ct = t.client();
    await ct.send(new CreateTrailCommand({ Name: TRAIL, S3BucketName: "audit-bucket" }));
  });
  const putInsights = (InsightSelectors: InsightSelector[]) =>
    ct.send(new PutInsightSelectorsCommand({ TrailName: TRAIL, InsightSelectors }));
  const refused = async (call: () => Promise<unknown>, name: string, rule: string) => {
    const e = await awsError(call);
    expect([e.name, e.message]).to.satisfy(([n, m]: string[]) => n === name && m.includes(rule), e.message);
  };

  describe("Insights selectors' event categories", () => {
    it("INS-4 Management when none are given; GetInsightSelectors reports it", async () => {
      await putInsights([{ InsightType: "ApiErrorRateInsight" }]);
      const got = await ct.send(new GetInsightSelectorsCommand({ TrailName: TRAIL }));
      expect(got.InsightSelectors).to.deep.equal([
        { InsightType: "ApiErrorRateInsight", EventCategories: ["Management"] },
      ]);
    });

    it("INS-4 each category is Management or Data, once, and at least one", async () => {
      await ct.send(new PutEventSelectorsCommand({ TrailName: TRAIL, EventSelectors: WITH_DATA }));
      for (const EventCategories of [[], ["Management", "Management"], ["Network"]])
        await refused(
          () =>
            putInsights([{ InsightType: "ApiCallRateInsight", EventCategories: EventCategories as never }]),
          "InvalidInsightSelectorsException",
          "INS-4",
        );
    });

    it("INS-5 data-event Insights need data events on the trail; then they need no management events", async () => {
      const data = [{ InsightType: "ApiCallRateInsight" as const, EventCategories: ["Data" as const] }];
      await refused(() => putInsights(data), "InvalidInsightSelectorsException", "INS-5");
      await ct.send(
        new PutEventSelectorsCommand({
          TrailName: TRAIL,
          EventSelectors: [{ ...WITH_DATA[0], IncludeManagementEvents: false }],
        }),
      );
      const put = await putInsights(data);
      expect(put.InsightSelectors).to.deep.equal(data);
      // Management Insights still need management events (INS-3).
      await refused(
        () => putInsights([{ InsightType: "ApiCallRateInsight", EventCategories: ["Management", "Data"] }]),
        "InvalidInsightSelectorsException",
        "INS-3",
      );
    });

    it("INS-6 an event data store takes Insights on management events only", async () => {
      const source = (await ct.send(new CreateEventDataStoreCommand({ Name: "source" }))).EventDataStoreArn;
      const destination = (
        await ct.send(
          new CreateEventDataStoreCommand({
            Name: "destination",
            AdvancedEventSelectors: [{ FieldSelectors: [{ Field: "eventCategory", Equals: ["Insight"] }] }],
          }),
        )
      ).EventDataStoreArn;
      await refused(
        () =>
          ct.send(
            new PutInsightSelectorsCommand({
              EventDataStore: source,
              InsightsDestination: destination,
              InsightSelectors: [{ InsightType: "ApiCallRateInsight", EventCategories: ["Data"] }],
            }),
          ),
        "InvalidInsightSelectorsException",
        "INS-6",
      );
    });
  });

  describe("ListInsightsMetricData", () => {
    const metrics = (
      input: Omit<ListInsightsMetricDataCommandInput, "EventSource"> & { EventSource?: string },
    ) => ct.send(new ListInsightsMetricDataCommand({ EventSource: "cloudtrail.amazonaws.com", ...input }));

    it("INS-7 counts the recorded management calls per period: writes for the call rate, one error code for the error rate", async () => {
      const start = await nextHour(t.admin);
      await ct.send(new StartLoggingCommand({ Name: TRAIL }));
      await ct.send(new StartLoggingCommand({ Name: TRAIL }));
      for (let i = 0; i < 3; i++) await awsError(() => ct.send(new StartLoggingCommand({ Name: "missing" })));
      await t.admin.advanceClock(2 * HOUR);
      await ct.send(new StartLoggingCommand({ Name: TRAIL }));
      const window = { StartTime: new Date(start * 1000), EndTime: new Date((start + 3 * HOUR) * 1000) };
      const calls = await metrics({
        EventName: "StartLogging",
        InsightType: "ApiCallRateInsight",
        ...window,
      });
      expect(calls.Timestamps!.map((d) => d.getTime() / 1000)).to.deep.equal([start, start + 2 * HOUR]);
      expect(calls.Values).to.deep.equal([5, 1]);
      const filled = await metrics({
        EventName: "StartLogging",
        InsightType: "ApiCallRateInsight",
        DataType: "FillWithZeros",
        ...window,
      });
      expect(filled.Values).to.deep.equal([5, 0, 1]);
      const errors = await metrics({
        EventName: "StartLogging",
        InsightType: "ApiErrorRateInsight",
        ErrorCode: "TrailNotFoundException",
        Period: 60,
        ...window,
      });
      expect(errors).to.deep.include({ ErrorCode: "TrailNotFoundException", Values: [3] });
      // Reads are not calls of the call rate.
      const reads = await metrics({ EventName: "GetInsightSelectors", InsightType: "ApiCallRateInsight" });
      expect(reads.Values).to.deep.equal([]);
    });

    it("INS-7 pages at MaxResults: the pages together are the whole series", async () => {
      const start = await nextHour(t.admin);
      for (let i = 0; i < 3; i++) {
        await ct.send(new StartLoggingCommand({ Name: TRAIL }));
        await t.admin.advanceClock(60);
      }
      const all = await metrics({ EventName: "StartLogging", InsightType: "ApiCallRateInsight", Period: 60 });
      expect(all.Values).to.deep.equal([1, 1, 1]);
      const seen: number[] = [];
      let NextToken: string | undefined;
      do {
        const page = await metrics({
          EventName: "StartLogging",
          InsightType: "ApiCallRateInsight",
          Period: 60,
          MaxResults: 2,
          NextToken,
        });
        seen.push(...page.Timestamps!.map((d) => d.getTime() / 1000));
        NextToken = page.NextToken;
      } while (NextToken);
      expect(seen).to.deep.equal([start, start + 60, start + 120]);
    });

    it("INS-7 with TrailName counts the data events the trail selects, once it has data-event Insights", async () => {
      const s3 = s3Client(t.emulator.url);
      await ct.send(new PutEventSelectorsCommand({ TrailName: TRAIL, EventSelectors: WITH_DATA }));
      const query = { TrailName: TRAIL, EventSource: "s3.amazonaws.com", EventName: "PutObject" };
      await refused(
        () => metrics({ ...query, InsightType: "ApiCallRateInsight" }),
        "InvalidParameterException",
        "INS-7",
      );
      await putInsights([{ InsightType: "ApiCallRateInsight", EventCategories: ["Data"] }]);
      for (const Bucket of ["watched", "watched", "other"])
        await s3.send(new PutObjectCommand({ Bucket, Key: "k", Body: "x" }));
      const got = await metrics({ ...query, InsightType: "ApiCallRateInsight" });
      expect(got.TrailARN).to.match(/:trail\/insights$/);
      expect(got.Values).to.deep.equal([2]);
    });

    it("INS-7 and INS-8 refuse what AWS refuses with InvalidParameterException", async () => {
      const base = { EventName: "StartLogging", InsightType: "ApiCallRateInsight" as const };
      const cases: Partial<ListInsightsMetricDataCommandInput>[] = [
        { Period: 120 },
        { MaxResults: 0 },
        { MaxResults: 21601 },
        { InsightType: "ApiErrorRateInsight" },
        { InsightType: "Other" as never },
        { DataType: "All" as never },
        { StartTime: new Date(2_000_000_000_000), EndTime: new Date(1_000_000_000_000) },
        { NextToken: "not-a-token" },
        { TrailName: "no-such-trail" },
      ];
      for (const c of cases)
        await refused(() => metrics({ ...base, ...c }), "InvalidParameterException", "INS-7");
    });
  });

  describe("ListInsightsData", () => {
    it("INS-9 validates as AWS does and answers no Insights events: the emulator does not detect unusual activity", async () => {
      await ct.send(new PutEventSelectorsCommand({ TrailName: TRAIL, EventSelectors: WITH_DATA }));
      const arn = `arn:aws:cloudtrail:us-east-1:123456789012:trail/${TRAIL}`;
      const list = (input: Partial<ConstructorParameters<typeof ListInsightsDataCommand>[0]>) =>
        ct.send(new ListInsightsDataCommand({ InsightSource: arn, DataType: "InsightsEvents", ...input }));
      await refused(() => list({}), "InvalidParameterException", "INS-7");
      await putInsights([{ InsightType: "ApiErrorRateInsight", EventCategories: ["Data"] }]);
      expect((await list({ Dimensions: { EventName: "PutObject" } })).Events).to.deep.equal([]);
      const bad = [
        { InsightSource: TRAIL },
        { DataType: "Other" as never },
        { Dimensions: { EventName: "a", EventSource: "b" } },
        { Dimensions: { Username: "a" } as never },
        { MaxResults: 51 },
        { NextToken: "not-a-token" },
      ];
      for (const b of bad) await refused(() => list(b), "InvalidParameterException", "INS-9");
    });
  });

  describe("event aggregation on trails", () => {
    const aggregate = (Templates: string[], EventCategory = "Data") =>
      ct.send(
        new PutEventConfigurationCommand({
          TrailName: TRAIL,
          AggregationConfigurations: [
            { EventCategory: EventCategory as never, Templates: Templates as never },
          ],
        }),
      );

    it("AGG-3 needs data events on the trail; then Get answers what was put; an empty list turns it off", async () => {
      await refused(() => aggregate(["API_ACTIVITY"]), "InvalidParameterException", "AGG-3");
      await ct.send(new PutEventSelectorsCommand({ TrailName: TRAIL, EventSelectors: WITH_DATA }));
      const put = await aggregate(["USER_ACTIONS", "API_ACTIVITY"]);
      expect(put.AggregationConfigurations).to.deep.equal([
        { EventCategory: "Data", Templates: ["USER_ACTIONS", "API_ACTIVITY"] },
      ]);
      const got = await ct.send(new GetEventConfigurationCommand({ TrailName: TRAIL }));
      expect(got).to.deep.include({ AggregationConfigurations: put.AggregationConfigurations });
      expect(got.TrailARN).to.match(/:trail\/insights$/);
      await ct.send(new PutEventConfigurationCommand({ TrailName: TRAIL, AggregationConfigurations: [] }));
      expect(
        (await ct.send(new GetEventConfigurationCommand({ TrailName: TRAIL }))).AggregationConfigurations,
      ).to.deep.equal([]);
    });

    it("AGG-1, AGG-2 and AGG-4 refuse what AWS refuses", async () => {
      await ct.send(new PutEventSelectorsCommand({ TrailName: TRAIL, EventSelectors: WITH_DATA }));
      await refused(() => aggregate(["API_ACTIVITY"], "Management"), "InvalidParameterException", "AGG-1");
      await refused(() => aggregate([]), "InvalidParameterException", "AGG-2");
      await refused(() => aggregate(["BY_REGION"]), "InvalidParameterException", "AGG-2");
      await refused(() => aggregate(["API_ACTIVITY", "API_ACTIVITY"]), "InvalidParameterException", "AGG-2");
      const two = { EventCategory: "Data" as const, Templates: ["API_ACTIVITY" as const] };
      await refused(
        () =>
          ct.send(
            new PutEventConfigurationCommand({ TrailName: TRAIL, AggregationConfigurations: [two, two] }),
          ),
        "InvalidParameterException",
        "AGG-1",
      );
      await refused(
        () => ct.send(new PutEventConfigurationCommand({ TrailName: TRAIL, MaxEventSize: "Large" })),
        "InvalidParameterCombinationException",
        "AGG-4",
      );
      const store = (await ct.send(new CreateEventDataStoreCommand({ Name: "store" }))).EventDataStoreArn;
      await refused(
        () =>
          ct.send(
            new PutEventConfigurationCommand({ EventDataStore: store, AggregationConfigurations: [two] }),
          ),
        "InvalidParameterCombinationException",
        "AGG-4",
      );
      expect(
        (await awsError(() => ct.send(new GetEventConfigurationCommand({ TrailName: "missing" })))).name,
      ).to.equal("TrailNotFoundException");
    });
  });
});
