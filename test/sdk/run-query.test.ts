import { DescribeQueryCommand, ListQueriesCommand } from "@aws-sdk/client-cloudtrail";
import { expect } from "chai";
import { InvalidArgumentsError, QueryError, putAuditEvents, runQuery } from "../../sdk";
import { useEmulator } from "../support/emulator";
import { channelWithStore, emulatorOptions } from "./lake-fixtures";

const seq = (i: number) => `e${String(i).padStart(3, "0")}`;

describe("runQuery", () => {
  const t = useEmulator();

  /** A store holding `n` application events named e000, e001, ... */
  async function storeWithEvents(n: number): Promise<string> {
    const { channelArn, store } = await channelWithStore(t);
    const events = Array.from({ length: n }, (_, i) => ({
      eventData: { eventName: seq(i), eventSource: "app.example.com" },
    }));
    await putAuditEvents(channelArn, events, emulatorOptions(t));
    return store;
  }

  /** The statuses Lake reports for the store's queries. */
  async function statuses(store: string): Promise<string[]> {
    const listed = await t.client().send(new ListQueriesCommand({ EventDataStore: store }));
    return (listed.Queries ?? []).map((q) => q.QueryStatus!);
  }

  it("reads every page of results as rows, with statistics (Q-2, Q-4)", async () => {
    const store = await storeWithEvents(25);
    const progress: string[] = [];
    const result = await runQuery(
      `SELECT eventData.eventName AS name, eventData.eventSource AS source FROM ${store} ORDER BY eventData.eventName`,
      { ...emulatorOptions(t), pageSize: 10, onProgress: (status) => progress.push(status) },
    );
    expect(result.pages).to.equal(3);
    expect(result.columns).to.deep.equal(["name", "source"]);
    expect(result.rows.map((r) => r.name)).to.deep.equal(Array.from({ length: 25 }, (_, i) => seq(i)));
    expect(result.rows[0]).to.deep.equal({ name: "e000", source: "app.example.com" });
    expect(result.statistics.eventsMatched).to.equal(25);
    expect(progress.at(-1)).to.equal("FINISHED");
  });

  it("reports the delivery of results to S3 (Q-1, Q-4)", async () => {
    const store = await storeWithEvents(3);
    const result = await runQuery(`SELECT count(*) AS n FROM ${store}`, {
      ...emulatorOptions(t),
      deliveryS3Uri: "s3://query-results/lake",
    });
    expect(result.rows).to.deep.equal([{ n: "3" }]);
    expect(result).to.include({ deliveryS3Uri: "s3://query-results/lake", deliveryStatus: "SUCCESS" });
    expect(await t.admin.listObjects("query-results", "lake/")).to.deep.equal([
      `lake/${result.queryId}/result_1.csv.gz`,
    ]);
  });

  it("cancels a query that outlives its timeout (Q-4)", async () => {
    const store = await storeWithEvents(1);
    await t.admin.lake({ queryRunSeconds: 3600 });
    const error = await runQuery(`SELECT count(*) FROM ${store}`, {
      ...emulatorOptions(t),
      timeoutSeconds: 0.5,
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(QueryError);
    expect((error as QueryError).message).to.contain("did not finish in 0.5 s");
    const described = await t
      .client()
      .send(new DescribeQueryCommand({ QueryId: (error as QueryError).queryId }));
    expect(described.QueryStatus).to.equal("CANCELLED");
  });

  it("cancels the query when its AbortSignal aborts", async () => {
    const store = await storeWithEvents(1);
    await t.admin.lake({ queryRunSeconds: 3600 });
    const controller = new AbortController();
    const running = runQuery(`SELECT count(*) FROM ${store}`, {
      ...emulatorOptions(t),
      signal: controller.signal,
      onProgress: (status) => {
        if (status === "RUNNING") controller.abort(new Error("stopped by the user"));
      },
    });
    const error = await running.catch((e: unknown) => e);
    expect((error as Error).message).to.equal("stopped by the user");
    expect(await statuses(store)).to.deep.equal(["CANCELLED"]);
  });

  it("turns a FAILED query into an error carrying Lake's message (Q-2)", async () => {
    const store = await storeWithEvents(1);
    const error = await runQuery(
      `SELECT CAST(eventData.eventName AS INTEGER) FROM ${store}`,
      emulatorOptions(t),
    ).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(QueryError);
    expect((error as QueryError).status).to.equal("FAILED");
    const described = await t
      .client()
      .send(new DescribeQueryCommand({ QueryId: (error as QueryError).queryId }));
    expect((error as Error).message).to.contain(described.ErrorMessage!);
  });

  it("refuses a bad statement and delivery URI before any call, naming them and Q-1", async () => {
    await t.admin.clearLog();
    const error = await runQuery("", { ...emulatorOptions(t), deliveryS3Uri: "https://bucket/x" }).catch(
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(InvalidArgumentsError);
    expect((error as InvalidArgumentsError).failures.map((f) => f.property)).to.deep.equal([
      "statement",
      "deliveryS3Uri",
    ]);
    expect((error as Error).message).to.contain("(Q-1)");
    expect(await t.admin.log()).to.deep.equal([]);
  });
});
