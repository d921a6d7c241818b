import { expect } from "chai";
import fc from "fast-check";
import { CreateChannelCommand, PutInsightSelectorsCommand } from "@aws-sdk/client-cloudtrail";
import type { EmulatorAdmin } from "cloudtrail-emulator";
import { trailsOf, useEmulator } from "../../../test/support/emulator";
import { rawCall } from "../../../test/support/raw";
import { rawPutAuditEvents } from "../../../test/support/cloudtrail-data";
import { requestTo, SERVICE_SHAPES } from "../../../test/support/fuzz-requests";
import { category, createStore, storeId } from "../../../test/support/lake";

const LAKE_OPERATIONS = Object.keys(SERVICE_SHAPES.cloudtrail.operations).filter(
  (op) =>
    /EventDataStore|Channel|Import|Quer|ResourcePolicy|EventConfiguration|Federation|InsightSelectors|Tags/.test(
      op,
    ) && !/GenerateQuery|SearchSampleQueries|Dashboard/.test(op),
);

/**
 * Lake resources as the admin endpoint reports them, what must not change on a refusal. A store's
 * events are left out where management calls reach it (a refused call is recorded and delivered, as
 * on AWS); a store fed by a channel keeps its count, which only PutAuditEvents may change.
 */
async function lakeOf(admin: EmulatorAdmin): Promise<string> {
  const { lake } = await admin.state();
  const regions = Object.entries(lake.regions).map(([key, region]) => [
    key,
    Object.values(region.stores).map(({ events, ...store }) => ({
      ...store,
      events: JSON.stringify(store.AdvancedEventSelectors).includes("ActivityAuditLog") ? events.length : "-",
    })),
    region.channels,
    region.queries,
    region.imports,
  ]);
  return JSON.stringify([regions, lake.customers, lake.objects, await trailsOf(admin)]);
}

describe("emulator: fuzzed requests to every Lake operation and PutAuditEvents", function () {
  this.timeout(240_000);
  const t = useEmulator({ eventLimit: 10 });

  it("never answers 5xx, never crashes, and changes no Lake resource on a 4xx (seed 10, 1000 requests)", async () => {
    const seed = async () => {
      const ct = t.client();
      const management = await createStore(ct, "fuzz-management");
      const insight = await createStore(ct, "fuzz-insight", { AdvancedEventSelectors: category("Insight") });
      const audit = await createStore(ct, "fuzz-audit", {
        AdvancedEventSelectors: category("ActivityAuditLog"),
      });
      await ct.send(
        new PutInsightSelectorsCommand({
          EventDataStore: management,
          InsightsDestination: insight,
          InsightSelectors: [{ InsightType: "ApiCallRateInsight" }],
        }),
      );
      const { ChannelArn } = await ct.send(
        new CreateChannelCommand({
          Name: "fuzz-channel",
          Source: "Custom",
          Destinations: [{ Type: "EVENT_DATA_STORE", Location: audit }],
        }),
      );
      await t.admin.putObject(
        "fuzz-bucket",
        "AWSLogs/123456789012/CloudTrail/us-east-1/2026/01/01/a.json.gz",
        "x",
      );
      return { management, insight, audit, channel: ChannelArn! };
    };
    const seeded = await seed();
    const strings = [
      ...Object.values(seeded),
      ...Object.values(seeded).map(storeId),
      `SELECT eventName FROM ${storeId(seeded.management)}`,
      `SELECT count(*) FROM ${storeId(seeded.audit)} GROUP BY eventData.eventName`,
      "SELECT 1",
      "s3://fuzz-bucket/AWSLogs",
      "s3://fuzz-bucket/results",
      "us-east-1",
      "arn:aws:iam::123456789012:role/fuzz",
      "Custom",
      "EVENT_DATA_STORE",
      "eventCategory",
      "Management",
      "ActivityAuditLog",
      "ApiCallRateInsight",
      "Large",
      "FINISHED",
      '{"eventName":"Fuzz"}',
      "",
      "__proto__",
      "constructor",
    ];
    // Lake inputs nest deeper than trails' and name more resources: straying less, more requests reach the handlers.
    const straying = { noise: 40, required: true };
    const lakeRequest = requestTo(SERVICE_SHAPES.cloudtrail, LAKE_OPERATIONS, strings, straying);
    const dataRequest = fc.tuple(
      requestTo(SERVICE_SHAPES["cloudtrail-data"], ["PutAuditEvents"], strings, straying),
      fc.constantFrom(seeded.channel, "", "__proto__", "arn:aws:cloudtrail:us-east-1:123456789012:channel/x"),
    );
    const statuses = new Map<number, number>();
    const errors = new Set<string>();
    let dataCalls = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 9, arbitrary: lakeRequest }, { weight: 1, arbitrary: dataRequest }),
        async (request) => {
          const before = await lakeOf(t.admin);
          let status: number;
          let answer: unknown;
          let what: string;
          if (typeof request[0] === "string") {
            const [operation, body] = request as [string, string];
            const res = await rawCall(t.emulator.url, `CloudTrail_20131101.${operation}`, body);
            [status, answer, what] = [res.status, res.body, `${operation} ${body}`];
          } else {
            const [[, body], channelArn] = request as [[string, string], string];
            const res = await rawPutAuditEvents(t.emulator.url, { channelArn }, body);
            [status, answer, what] = [res.status, res.body, `PutAuditEvents ${channelArn} ${body}`];
            dataCalls++;
          }
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 400) errors.add((answer as { __type?: string }).__type ?? "");
          expect(status, `${what} → ${JSON.stringify(answer)}`).to.be.below(500);
          if (status >= 400) expect(await lakeOf(t.admin), what).to.equal(before);
        },
      ),
      { seed: 10, numRuns: 1000 },
    );
    // The fuzz reaches the handlers: Lake inputs nest deep and name resources by generated IDs, so
    // few random requests succeed; the refusals must come from many checks, not the first one.
    const seen = JSON.stringify([...statuses, ...errors]);
    expect(statuses.get(200) ?? 0, seen).to.be.above(10);
    expect(errors.size, seen).to.be.above(20);
    expect(dataCalls).to.be.above(50);
    expect((await fetch(`${t.emulator.url}/_emulator/health`)).status).to.equal(200);
  });
});
