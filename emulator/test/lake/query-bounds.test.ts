import { expect } from "chai";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CancelQueryCommand,
  CloudTrailClient,
  DescribeQueryCommand,
  GetQueryResultsCommand,
  ListEventDataStoresCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudtrail";
import { start } from "cloudtrail-emulator";
import { awsError, TEST_CREDENTIALS, useEmulator } from "../../../test/support/emulator";
import { createStore, query, storeId } from "../../../test/support/lake";

const A = "111111111111";
const B = "222222222222";
const KEY_A = { accessKeyId: "AKIDACCOUNTA", secretAccessKey: "secret-a" };
const KEY_B = { accessKeyId: "AKIDACCOUNTB", secretAccessKey: "secret-b" };
const credentials = {
  [KEY_A.accessKeyId]: { secretAccessKey: KEY_A.secretAccessKey, account: A },
  [KEY_B.accessKeyId]: { secretAccessKey: KEY_B.secretAccessKey, account: B },
};

/** A query through the SDK to its end (or `polls` DescribeQuery calls), its status and rows. */
async function runToEnd(
  ct: CloudTrailClient,
  statement: string,
  polls = 20,
): Promise<{ QueryId: string; status: string; error?: string }> {
  const { QueryId } = await ct.send(new StartQueryCommand({ QueryStatement: statement }));
  for (let i = 0; i < polls; i++) {
    const described = await ct.send(new DescribeQueryCommand({ QueryId }));
    if (described.QueryStatus !== "RUNNING" && described.QueryStatus !== "QUEUED")
      return { QueryId: QueryId!, status: described.QueryStatus!, error: described.ErrorMessage };
  }
  throw new Error(`query ${statement} still runs after ${polls} polls`);
}

/** Statements of the security test of issue 23 that read past a statement's own stores. */
const PROBES = [
  "SELECT * FROM eds_0 WHERE 1 IN (WITH eds_0 AS (SELECT 1) SELECT 1)",
  "SELECT * FROM lake_0.eds_0",
  "SELECT * FROM sqlite_master WHERE 1 IN (WITH sqlite_master AS (SELECT 1) SELECT 1)",
  "SELECT * FROM duckdb_tables WHERE 1 IN (WITH duckdb_tables AS (SELECT 1) SELECT 1)",
  "SELECT * FROM pg_settings WHERE 1 IN (WITH pg_settings AS (SELECT 1) SELECT 1)",
  "SELECT * FROM information_schema.tables",
  "SELECT current_setting('temp_directory')",
  "SELECT version()",
  "SELECT * FROM lake_ref_0",
  "SELECT * FROM lake_stage",
];

describe("emulator: Lake queries under hostile statements (issue 23)", function () {
  this.timeout(120_000);
  const t = useEmulator({
    credentials,
    lake: { queryTimeoutSeconds: 2 },
    queryEngine: { memoryLimit: "48MB", maxTempSize: "16MB", resultBytes: 8 * 1024 * 1024 },
  });
  const clientOf = (key: typeof KEY_A) => t.client("us-east-1", { credentials: key });

  it("account B reaches neither A's table, nor the catalogs, settings or version: 4xx each, never A's events", async () => {
    const a = clientOf(KEY_A);
    const b = clientOf(KEY_B);
    const storeA = await createStore(a, "secret-of-account-a", { TerminationProtectionEnabled: false });
    // A's table is built (it was eds_0 on the main of issue 23) by A's own query.
    expect(await query(a, `SELECT eventName FROM ${storeId(storeA)}`)).to.have.length.above(0);
    await createStore(b, "store-of-b", { TerminationProtectionEnabled: false });
    for (const statement of PROBES) {
      const e = await awsError(() => b.send(new StartQueryCommand({ QueryStatement: statement })));
      expect(e.$metadata?.httpStatusCode, statement).to.equal(400);
      expect(e.name, statement).to.be.oneOf([
        "InvalidQueryStatementException",
        "EventDataStoreNotFoundException",
      ]);
      // Nothing of the engine: its version, paths, or schemas the statement did not name itself.
      const own = statement.toLowerCase();
      for (const word of [/v1\.\d/, /\/tmp/, /duckdb/i, /lake_\d/])
        if (!word.test(own)) expect(e.message, statement).to.not.match(word);
    }
    const own = await awsError(() =>
      b.send(new StartQueryCommand({ QueryStatement: `SELECT * FROM ${storeId(storeA)}` })),
    );
    expect(own.name).to.equal("EventDataStoreNotFoundException");
  });

  it("a query that would run for hours ends TIMED_OUT at the limit; meanwhile other accounts' calls answer", async () => {
    const a = clientOf(KEY_A);
    const b = clientOf(KEY_B);
    await createStore(a, "busy", { TerminationProtectionEnabled: false });
    const { QueryId } = await b.send(
      new StartQueryCommand({
        QueryStatement:
          "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM t WHERE n < 1e12) SELECT count(*) FROM t",
      }),
    );
    // StartQuery answered at once, and another account's call answers while the query runs.
    const listed = await a.send(new ListEventDataStoresCommand({}));
    expect(listed.EventDataStores!.map((s) => s.Name)).to.deep.equal(["busy"]);
    let status = "RUNNING";
    let described;
    for (let i = 0; i < 10 && status === "RUNNING"; i++) {
      described = await b.send(new DescribeQueryCommand({ QueryId }));
      status = described.QueryStatus!;
    }
    expect(status).to.equal("TIMED_OUT");
    expect(described!.ErrorMessage).to.contain("time limit");
    // The engine is free again.
    expect((await runToEnd(b, "SELECT 1 AS one")).status).to.equal("FINISHED");
  });

  it("CancelQuery answers while the engine runs a query, and interrupts it: CANCELLED, the engine free", async () => {
    const b = clientOf(KEY_B);
    const { QueryId } = await b.send(
      new StartQueryCommand({
        QueryStatement:
          "SELECT count(*) FROM (SELECT unnest(range(3000000)) a) x, (SELECT unnest(range(3000000)) b) y",
      }),
    );
    const cancelled = await b.send(new CancelQueryCommand({ QueryId }));
    expect(cancelled.QueryStatus).to.equal("CANCELLED");
    expect((await b.send(new DescribeQueryCommand({ QueryId }))).QueryStatus).to.equal("CANCELLED");
    expect((await runToEnd(b, "SELECT 2 AS two")).status).to.equal("FINISHED");
  });

  it("a query that spills past the temp-disk limit FAILS instead of filling the disk", async () => {
    const b = clientOf(KEY_B);
    const ended = await runToEnd(b, "SELECT x FROM unnest(range(12000000)) t(x) ORDER BY x DESC");
    expect(ended.status).to.be.oneOf(["FAILED", "TIMED_OUT"]);
    if (ended.status === "FAILED") expect(ended.error).to.match(/max_temp_directory_size|memory/i);
  });

  it("results stay within the byte budget: a result larger FAILS, older results expire to make room", async () => {
    const b = clientOf(KEY_B);
    const small = await runToEnd(b, "SELECT x FROM unnest(range(10)) t(x)");
    expect(small.status).to.equal("FINISHED");
    const large = await runToEnd(
      b,
      "SELECT repeat('x', 1000) || x AS s FROM (SELECT unnest(range(200000)) x)",
    );
    expect(large.status).to.equal("FAILED");
    expect(large.error).to.contain("result budget");
    // Three results of ~3 MiB each in an 8 MiB budget: the first expires when the third arrives.
    const medium = "SELECT repeat('y', 1000) || x AS s FROM (SELECT unnest(range(1400)) x)";
    const kept: { QueryId: string }[] = [];
    for (let i = 0; i < 3; i++) kept.push(await runToEnd(b, medium));
    const gone = await awsError(() => b.send(new GetQueryResultsCommand({ QueryId: kept[0].QueryId })));
    expect(gone.name).to.equal("QueryIdNotFoundException");
    expect(gone.message).to.contain("expired");
    const page = await b.send(new GetQueryResultsCommand({ QueryId: kept[2].QueryId }));
    expect(page.QueryStatistics!.TotalResultsCount).to.equal(1400);
  });

  it("Lake keeps results seven days after the query finishes", async () => {
    const b = clientOf(KEY_B);
    const { QueryId } = await runToEnd(b, "SELECT 1 AS one");
    await t.admin.advanceClock(6 * 24 * 3600);
    const kept = await b.send(new GetQueryResultsCommand({ QueryId }));
    expect(kept.QueryResultRows).to.deep.equal([[{ one: "1" }]]);
    await t.admin.advanceClock(2 * 24 * 3600);
    expect((await awsError(() => b.send(new GetQueryResultsCommand({ QueryId })))).name).to.equal(
      "QueryIdNotFoundException",
    );
  });
});

describe("emulator: Lake query results and the engine's files (issue 23)", function () {
  this.timeout(60_000);

  it("results are never written to the state file; after a restart the query reports them gone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lake-results-"));
    const stateFile = join(dir, "state.json");
    try {
      let emulator = await start({ stateFile, rateScale: 0 });
      const ct = useClient(emulator.url);
      const { QueryId, status } = await runToEnd(
        ct,
        "SELECT 'mark' || 'er-' || x AS s FROM unnest(range(1000)) t(x)",
      );
      expect(status).to.equal("FINISHED");
      await createStore(ct, "after-the-query");
      const saved = readFileSync(stateFile, "utf8");
      expect(saved).to.contain(QueryId);
      expect(saved).to.not.contain("marker-");
      await emulator.stop();
      emulator = await start({ stateFile, rateScale: 0 });
      const again = useClient(emulator.url);
      const described = await again.send(new DescribeQueryCommand({ QueryId }));
      expect(described.QueryStatus).to.equal("FAILED");
      expect(described.ErrorMessage).to.contain("restarted");
      await emulator.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the engine's temp directory is its own: a dead process's is removed at start, its own at stop", async () => {
    // A directory as a killed emulator (a pid that cannot be alive) leaves it, with a spill file.
    const stale = join(tmpdir(), "cloudtrail-emulator-duckdb-99999999-test");
    mkdirSync(stale, { recursive: true });
    const own = () =>
      readdirSync(tmpdir()).filter((n) => n.startsWith(`cloudtrail-emulator-duckdb-${process.pid}-`));
    const before = own();
    const emulator = await start({ rateScale: 0 });
    const ct = useClient(emulator.url);
    expect((await runToEnd(ct, "SELECT 1 AS one")).status).to.equal("FINISHED");
    expect(existsSync(stale)).to.equal(false);
    const opened = own().filter((name) => !before.includes(name));
    expect(opened).to.have.length(1);
    await emulator.stop();
    expect(existsSync(join(tmpdir(), opened[0]))).to.equal(false);
  });
});

function useClient(url: string): CloudTrailClient {
  return new CloudTrailClient({
    endpoint: url,
    region: "us-east-1",
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
}
