import { expect } from "chai";
import fc from "fast-check";
import {
  CreateChannelCommand,
  CreateDashboardCommand,
  DescribeQueryCommand,
  GetQueryResultsCommand,
  PutInsightSelectorsCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudtrail";
import type { EmulatorAdmin } from "cloudtrail-emulator";
import { trailsOf, useEmulator } from "../../../test/support/emulator";
import { rawCall } from "../../../test/support/raw";
import { rawPutAuditEvents } from "../../../test/support/cloudtrail-data";
import { requestTo, SERVICE_SHAPES } from "../../../test/support/fuzz-requests";
import { category, createStore, storeId } from "../../../test/support/lake";

const LAKE_OPERATIONS = Object.keys(SERVICE_SHAPES.cloudtrail.operations).filter((op) =>
  /EventDataStore|Channel|Import|Quer|ResourcePolicy|EventConfiguration|Federation|InsightSelectors|Tags|Dashboard/.test(
    op,
  ),
);

/**
 * Lake resources as the admin endpoint reports them, what must not change on a refusal. A store's
 * events are left out where management calls reach it (a refused call is recorded and delivered, as
 * on AWS); a store fed by a channel keeps its count, which only PutAuditEvents may change.
 */
async function lakeOf(admin: EmulatorAdmin): Promise<string> {
  const { lake } = await admin.state({ events: "count" });
  const regions = Object.entries(lake.regions).map(([key, region]) => [
    key,
    Object.values(region.stores).map(({ events, ...store }) => ({
      ...store,
      events: JSON.stringify(store.AdvancedEventSelectors).includes("ActivityAuditLog") ? events : "-",
    })),
    region.channels,
    region.queries,
    region.imports,
    region.dashboards,
    region.queryAliases,
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
      const { DashboardArn } = await ct.send(
        new CreateDashboardCommand({
          Name: "fuzz-dashboard",
          Widgets: [
            {
              QueryStatement: `SELECT eventName FROM ${storeId(management)}`,
              ViewProperties: { "View.Type": "Table" },
            },
          ],
        }),
      );
      return { management, insight, audit, channel: ChannelArn!, dashboard: DashboardArn! };
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
      "fuzz-dashboard",
      "$StartTime$",
      "View.Type",
      "HOURS",
      "ENABLED",
      "top errors in the past month",
      "generated-00000000-0000-0000-0000-000000000000",
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
    // The Lake after one request is the Lake before the next: nothing else calls this emulator.
    let last: string | undefined;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 9, arbitrary: lakeRequest }, { weight: 1, arbitrary: dataRequest }),
        async (request) => {
          const before = last ?? (await lakeOf(t.admin));
          last = undefined;
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
          const after = await lakeOf(t.admin);
          if (status >= 400) expect(after, what).to.equal(before);
          last = after;
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

describe("emulator: fuzzed Lake statements from two accounts (issue 23)", function () {
  this.timeout(240_000);
  const A = "111111111111";
  const B = "222222222222";
  const KEY_A = { accessKeyId: "AKIDFUZZA", secretAccessKey: "fuzz-a" };
  const KEY_B = { accessKeyId: "AKIDFUZZB", secretAccessKey: "fuzz-b" };
  const t = useEmulator({
    credentials: {
      [KEY_A.accessKeyId]: { secretAccessKey: KEY_A.secretAccessKey, account: A },
      [KEY_B.accessKeyId]: { secretAccessKey: KEY_B.secretAccessKey, account: B },
    },
    lake: { queryTimeoutSeconds: 1 },
  });

  it("never a 5xx, never a row of the other account, never a run past the limit (seed 23, 150 statements)", async () => {
    const a = t.client("us-east-1", { credentials: KEY_A });
    const b = t.client("us-east-1", { credentials: KEY_B });
    const storeA = await createStore(a, "secret-of-account-a");
    const storeB = await createStore(b, "fuzz-b");
    // A's table exists in the engine before B's statements run.
    await a.send(new StartQueryCommand({ QueryStatement: `SELECT count(*) FROM ${storeId(storeA)}` }));
    const own = [storeId(storeB), `"${storeB}"`];
    const sources = fc.constantFrom(
      ...own,
      storeId(storeA),
      `"${storeA}"`,
      "eds_0",
      "eds_1",
      "lake_0.eds_0",
      "lake_1.eds_0",
      "main.eds_0",
      "memory.lake_0.eds_0",
      "sqlite_master",
      "duckdb_tables",
      "duckdb_tables()",
      "pg_settings",
      "information_schema.tables",
      "lake_stage",
      "temp.lake_stage",
      "lake_ref_0",
      "unnest([1, 2]) u(x)",
      "range(10)",
    );
    const names = fc.constantFrom("eds_0", "lake_0", "t", "sqlite_master", "duckdb_tables", storeId(storeB));
    const columns = fc.constantFrom(
      "*",
      "count(*)",
      "eventName",
      "eventJson",
      "recipientAccountId",
      "userIdentity",
      "version()",
      "current_setting('temp_directory')",
      "getvariable('lake_now')",
      "1",
      "now()",
    );
    const where = fc.oneof(
      fc.constant(""),
      names.map((n) => ` WHERE 1 IN (WITH ${n} AS (SELECT 1) SELECT 1)`),
      sources.map((s) => ` WHERE EXISTS (SELECT 1 FROM ${s})`),
      fc.constant(" WHERE eventName IS NOT NULL"),
    );
    const select = fc
      .tuple(columns, sources, where, fc.constantFrom("", " LIMIT 5", " ORDER BY 1"))
      .map(([c, s, w, tail]) => `SELECT ${c} FROM ${s}${w}${tail}`);
    const statement = fc.oneof(
      select,
      fc
        .tuple(names, select, columns)
        .map(([n, inner, c]) => `WITH ${n} AS (${inner}) SELECT ${c} FROM ${n}`),
      fc.tuple(select, select).map(([x, y]) => `${x} UNION ALL ${y}`),
      fc
        .tuple(names, sources)
        .map(
          ([n, s]) =>
            `WITH RECURSIVE ${n}(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM ${n}) SELECT count(*) FROM ${s}`,
        ),
    );
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(statement, async (sql) => {
        let QueryId: string | undefined;
        try {
          ({ QueryId } = await b.send(new StartQueryCommand({ QueryStatement: sql })));
        } catch (e) {
          const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
          expect(status, `${sql}: ${(e as Error).message}`).to.be.within(400, 499);
          // A message may quote the statement, never more of A.
          if (!sql.includes(A)) expect((e as Error).message, sql).to.not.contain(A);
          outcomes.set((e as Error).name, (outcomes.get((e as Error).name) ?? 0) + 1);
          return;
        }
        let status = "RUNNING";
        // Each DescribeQuery waits up to 5 s for the engine; the limit is 1 s.
        for (let i = 0; i < 3 && (status === "RUNNING" || status === "QUEUED"); i++)
          status = (await b.send(new DescribeQueryCommand({ QueryId }))).QueryStatus!;
        expect(status, sql).to.be.oneOf(["FINISHED", "FAILED", "TIMED_OUT"]);
        outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
        if (status === "FAILED") return;
        const rows = (await b.send(new GetQueryResultsCommand({ QueryId }))).QueryResultRows ?? [];
        const text = JSON.stringify(rows);
        expect(text, sql).to.not.contain(A);
        expect(text, sql).to.not.contain("secret-of-account-a");
      }),
      { seed: 23, numRuns: 150 },
    );
    // The grammar reaches both sides: statements that run and statements refused.
    const seen = JSON.stringify([...outcomes]);
    expect(outcomes.get("FINISHED") ?? 0, seen).to.be.above(5);
    expect(outcomes.get("InvalidQueryStatementException") ?? 0, seen).to.be.above(5);
  });
});
