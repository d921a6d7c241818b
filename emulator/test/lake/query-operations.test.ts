import { expect } from "chai";
import { gunzipSync } from "node:zlib";
import {
  CancelQueryCommand,
  DeleteEventDataStoreCommand,
  DescribeQueryCommand,
  DescribeTrailsCommand,
  GetQueryResultsCommand,
  ListQueriesCommand,
  StartQueryCommand,
  type CloudTrailClient,
} from "@aws-sdk/client-cloudtrail";
import { awsError, useEmulator } from "../../../test/support/emulator";
import { createStore, query, storeId } from "../../../test/support/lake";

describe("emulator: Lake query operations", () => {
  const t = useEmulator();

  /** A store holding the management events of `calls` DescribeTrails calls (and its own creation). */
  async function seeded(ct: CloudTrailClient, calls = 3): Promise<string> {
    const store = await createStore(ct, "queried", { TerminationProtectionEnabled: false });
    for (let i = 0; i < calls; i++) await ct.send(new DescribeTrailsCommand({}));
    return store;
  }

  it("Q-2, Q-4: a finished query reports statistics and pages its rows as one-key maps of strings", async () => {
    const ct = t.client();
    const store = await seeded(ct, 5);
    const { QueryId } = await ct.send(
      new StartQueryCommand({
        QueryStatement: `SELECT eventName, eventTime FROM ${storeId(store)} WHERE eventName = 'DescribeTrails' ORDER BY eventTime`,
      }),
    );
    const described = await ct.send(new DescribeQueryCommand({ QueryId, EventDataStore: store }));
    expect(described.QueryStatus).to.equal("FINISHED");
    expect(described.QueryStatistics).to.include({ EventsMatched: 5 });
    expect(described.QueryStatistics!.EventsScanned).to.be.at.least(5);
    expect(described.QueryStatistics!.CreationTime).to.be.instanceOf(Date);
    const first = await ct.send(new GetQueryResultsCommand({ QueryId, MaxQueryResults: 2 }));
    expect(first.QueryResultRows).to.have.length(2);
    expect(first.QueryResultRows![0][0]).to.deep.equal({ eventName: "DescribeTrails" });
    expect(Object.keys(first.QueryResultRows![0][1])).to.deep.equal(["eventTime"]);
    expect(first.QueryStatistics).to.include({ ResultsCount: 2, TotalResultsCount: 5 });
    let rows = first.QueryResultRows!.length;
    let NextToken = first.NextToken;
    while (NextToken) {
      const page = await ct.send(new GetQueryResultsCommand({ QueryId, MaxQueryResults: 2, NextToken }));
      rows += page.QueryResultRows!.length;
      NextToken = page.NextToken;
    }
    expect(rows).to.equal(5);
    const listed = await ct.send(new ListQueriesCommand({ EventDataStore: store }));
    expect(listed.Queries!.map((q) => q.QueryId)).to.deep.equal([QueryId]);
  });

  it("a documented-style aggregate runs unchanged: events per name over the last 7 days", async () => {
    const ct = t.client();
    const store = await seeded(ct, 3);
    const rows = await query(
      ct,
      `SELECT eventName, COUNT(*) AS numberOfCalls FROM ${store} WHERE eventTime > date_add('day', -7, now()) GROUP BY eventName ORDER BY COUNT(*) DESC`,
    );
    expect(rows[0]).to.deep.equal({ eventName: "DescribeTrails", numberOfCalls: "3" });
  });

  describe("Q-1", () => {
    it("a statement of 10000 characters is taken, 10001 refused; a bad DeliveryS3Uri is refused", async () => {
      const ct = t.client();
      const store = await seeded(ct, 0);
      const base = `SELECT eventName FROM ${storeId(store)}`;
      await ct.send(new StartQueryCommand({ QueryStatement: base.padEnd(10_000, " ") }));
      const long = await awsError(() =>
        ct.send(new StartQueryCommand({ QueryStatement: base.padEnd(10_001, " ") })),
      );
      expect(long.name).to.equal("InvalidParameterException");
      const uri = await awsError(() =>
        ct.send(new StartQueryCommand({ QueryStatement: base, DeliveryS3Uri: "s3://Bad_Bucket/x" })),
      );
      expect(uri.name).to.equal("InvalidParameterException");
      expect(uri.message).to.contain("Q-1");
    });

    it("ten queries run at once, the eleventh waits for one to finish (MaxConcurrentQueries)", async () => {
      const ct = t.client();
      const store = await seeded(ct, 1);
      await t.admin.lake({ queryRunSeconds: 60 });
      const statement = `SELECT count(*) FROM ${storeId(store)}`;
      for (let i = 0; i < 10; i++) await ct.send(new StartQueryCommand({ QueryStatement: statement }));
      const e = await awsError(() => ct.send(new StartQueryCommand({ QueryStatement: statement })));
      expect(e.name).to.equal("MaxConcurrentQueriesException");
      await t.admin.advanceClock(61);
      await ct.send(new StartQueryCommand({ QueryStatement: statement }));
    });
  });

  it("Q-2, Q-4: a running query shows RUNNING without rows, can be cancelled once; a finished one cannot", async () => {
    const ct = t.client();
    const store = await seeded(ct, 1);
    await t.admin.lake({ queryRunSeconds: 30 });
    const statement = `SELECT eventName FROM ${storeId(store)}`;
    const { QueryId: running } = await ct.send(new StartQueryCommand({ QueryStatement: statement }));
    expect((await ct.send(new DescribeQueryCommand({ QueryId: running }))).QueryStatus).to.equal("RUNNING");
    const partial = await ct.send(new GetQueryResultsCommand({ QueryId: running }));
    expect(partial.QueryStatus).to.equal("RUNNING");
    expect(partial.QueryResultRows).to.deep.equal([]);
    const cancelled = await ct.send(new CancelQueryCommand({ QueryId: running }));
    expect(cancelled.QueryStatus).to.equal("CANCELLED");
    expect((await ct.send(new DescribeQueryCommand({ QueryId: running }))).QueryStatus).to.equal("CANCELLED");
    expect((await awsError(() => ct.send(new CancelQueryCommand({ QueryId: running })))).name).to.equal(
      "InactiveQueryException",
    );
    const { QueryId: finished } = await ct.send(new StartQueryCommand({ QueryStatement: statement }));
    await t.admin.advanceClock(31);
    expect((await ct.send(new DescribeQueryCommand({ QueryId: finished }))).QueryStatus).to.equal("FINISHED");
    expect((await awsError(() => ct.send(new CancelQueryCommand({ QueryId: finished })))).name).to.equal(
      "InactiveQueryException",
    );
    expect(
      (
        await awsError(() =>
          ct.send(new DescribeQueryCommand({ QueryId: "00000000-0000-0000-0000-000000000000" })),
        )
      ).name,
    ).to.equal("QueryIdNotFoundException");
    const cancelledOnly = await ct.send(
      new ListQueriesCommand({ EventDataStore: store, QueryStatus: "CANCELLED" }),
    );
    expect(cancelledOnly.Queries!.map((q) => q.QueryId)).to.deep.equal([running]);
  });

  describe("Q-3", () => {
    it("an unknown store is not found; a store pending deletion is inactive", async () => {
      const ct = t.client();
      const store = await seeded(ct, 0);
      const unknown = await awsError(() =>
        ct.send(
          new StartQueryCommand({
            QueryStatement: "SELECT eventName FROM 00000000-0000-0000-0000-000000000000",
          }),
        ),
      );
      expect(unknown.name).to.equal("EventDataStoreNotFoundException");
      await ct.send(new DeleteEventDataStoreCommand({ EventDataStore: store }));
      const inactive = await awsError(() =>
        ct.send(new StartQueryCommand({ QueryStatement: `SELECT eventName FROM ${storeId(store)}` })),
      );
      expect(inactive.name).to.equal("InactiveEventDataStoreException");
    });

    it("only queries run: files, COPY, ATTACH, INSTALL, DDL and bad SQL are InvalidQueryStatementException", async () => {
      const ct = t.client();
      const store = storeId(await seeded(ct, 0));
      for (const statement of [
        "SELECT * FROM read_csv('/etc/passwd')",
        `COPY (SELECT * FROM ${store}) TO '/tmp/lake-leak.csv'`,
        "ATTACH '/tmp/other.duckdb' AS other",
        "INSTALL httpfs",
        `DROP TABLE ${store}`,
        `SELECT eventName FROM ${store}; SELECT 1`,
        `SELEC eventName FROM ${store}`,
      ]) {
        const e = await awsError(() => ct.send(new StartQueryCommand({ QueryStatement: statement })));
        expect(e.name, statement).to.equal("InvalidQueryStatementException");
      }
    });
  });

  describe("Q-4 delivery to the object store", () => {
    it("writes the results as gzipped CSV under the URI and reports SUCCESS", async () => {
      const ct = t.client();
      const store = await seeded(ct, 2);
      const { QueryId } = await ct.send(
        new StartQueryCommand({
          QueryStatement: `SELECT eventName, count(*) AS calls FROM ${storeId(store)} WHERE eventName = 'DescribeTrails' GROUP BY eventName`,
          DeliveryS3Uri: "s3://lake-results/exports",
        }),
      );
      const described = await ct.send(new DescribeQueryCommand({ QueryId }));
      expect(described).to.include({ DeliveryStatus: "SUCCESS", DeliveryS3Uri: "s3://lake-results/exports" });
      const keys = await t.admin.listObjects("lake-results", "exports/");
      expect(keys).to.deep.equal([`exports/${QueryId}/result_1.csv.gz`]);
      const csv = gunzipSync((await t.admin.getObject("lake-results", keys[0]))!).toString("utf8");
      expect(csv).to.equal("eventName,calls\nDescribeTrails,2\n");
    });

    it("with buckets registered, an unknown bucket fails delivery and writes nothing", async () => {
      const ct = t.client();
      const store = await seeded(ct, 1);
      await t.admin.register({ s3Buckets: ["known-bucket"] });
      const { QueryId } = await ct.send(
        new StartQueryCommand({
          QueryStatement: `SELECT eventName FROM ${storeId(store)}`,
          DeliveryS3Uri: "s3://unknown-bucket/x",
        }),
      );
      expect((await ct.send(new DescribeQueryCommand({ QueryId }))).DeliveryStatus).to.equal(
        "RESOURCE_NOT_FOUND",
      );
      expect(await t.admin.listObjects("unknown-bucket")).to.deep.equal([]);
    });
  });
});
