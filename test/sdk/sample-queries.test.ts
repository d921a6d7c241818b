import { expect } from "chai";
import { CreateTrailCommand } from "@aws-sdk/client-cloudtrail";
import {
  InvalidArgumentsError,
  generateQuery,
  runQuery,
  searchSampleQueries,
  type SampleQuery,
} from "../../sdk";
import { useEmulator } from "../support/emulator";
import { createStore, storeId } from "../support/lake";
import { runCli } from "./cli-run";
import { emulatorOptions } from "./lake-fixtures";

/** The InvalidArgumentsError a call throws, with nothing sent. */
async function refused(call: () => Promise<unknown>): Promise<InvalidArgumentsError> {
  const error = await call().catch((e: unknown) => e);
  expect(error).to.be.instanceOf(InvalidArgumentsError);
  return error as InvalidArgumentsError;
}

describe("searchSampleQueries, generateQuery and runQuery by alias (and their CLI commands)", () => {
  const t = useEmulator();

  it("searchSampleQueries pages every match, the most relevant first, and stops at limit (Q-6)", async () => {
    const all = await searchSampleQueries("events users calls errors changes", emulatorOptions(t));
    expect(all.length).to.be.greaterThan(10);
    const relevance = all.map((q) => q.relevance);
    expect([...relevance].sort((a, b) => b - a)).to.deep.equal(relevance);
    const two = await searchSampleQueries("events users calls errors changes", {
      ...emulatorOptions(t),
      limit: 2,
    });
    expect(two).to.deep.equal(all.slice(0, 2));
    const [best] = await searchSampleQueries("root account activity", { ...emulatorOptions(t), limit: 1 });
    expect(best).to.include({ name: "Root user activity" } satisfies Partial<SampleQuery>);
    expect(best.sql).to.contain("$EDS_ID");
  });

  it("generateQuery answers a statement over the store and an alias that runQuery runs (Q-7, Q-8)", async () => {
    const ct = t.client();
    const store = await createStore(ct, "management", { TerminationProtectionEnabled: false });
    await ct.send(new CreateTrailCommand({ Name: "audit", S3BucketName: "audit-logs" }));
    const generated = await generateQuery("What are my top API calls?", store, emulatorOptions(t));
    expect(generated.queryStatement).to.contain(`FROM ${storeId(store)}`);
    expect(generated.eventDataStoreOwnerAccountId).to.equal("123456789012");
    const byAlias = await runQuery({ queryAlias: generated.queryAlias }, emulatorOptions(t));
    const byStatement = await runQuery(generated.queryStatement, emulatorOptions(t));
    expect(byAlias.rows).to.deep.include({
      eventSource: "cloudtrail.amazonaws.com",
      eventName: "CreateTrail",
      calls: "1",
    });
    expect(byAlias.columns).to.deep.equal(byStatement.columns);
  });

  it("checks the arguments before any call, naming each with its rule (Q-5, Q-7, Q-8)", async () => {
    const before = (await t.admin.log()).length;
    const options = emulatorOptions(t);
    expect((await refused(() => searchSampleQueries("x", options))).message)
      .to.contain("phrase")
      .and.contain("(Q-5)");
    expect((await refused(() => searchSampleQueries("errors", { ...options, limit: 0 }))).message).to.contain(
      "(Q-6)",
    );
    expect((await refused(() => generateQuery("hi", "store-id", options))).message)
      .to.contain("prompt")
      .and.contain("(Q-7)");
    expect(
      (await refused(() => generateQuery("top errors", ["a-store", "b-store"], options))).message,
    ).to.contain("(Q-7)");
    expect((await refused(() => generateQuery("top errors", "bad store!", options))).message).to.contain(
      "(NAME-2)",
    );
    expect((await refused(() => runQuery({ queryAlias: "1bad" }, options))).message).to.contain("(Q-8)");
    expect((await refused(() => runQuery("SELECT 1", { ...options, parameters: ["x"] }))).message)
      .to.contain("parameters")
      .and.contain("(Q-8)");
    expect((await t.admin.log()).length).to.equal(before);
  });

  it("the CLI's sample-queries, generate-query and query --alias", async () => {
    const store = await createStore(t.client(), "management", { TerminationProtectionEnabled: false });
    const search = await runCli(t, [
      "sample-queries",
      "console",
      "sign-ins",
      "without",
      "MFA",
      "--limit",
      "2",
    ]);
    expect(search.code, search.stderr).to.equal(0);
    const lines = search.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as SampleQuery);
    expect(lines).to.have.length(2);
    expect(lines[0].name).to.equal("Console sign-ins without MFA");

    const generated = await runCli(t, [
      "generate-query",
      "root user activity",
      "--event-data-store",
      storeId(store),
    ]);
    expect(generated.code, generated.stderr).to.equal(0);
    const { queryAlias, queryStatement } = JSON.parse(generated.stdout) as {
      queryAlias: string;
      queryStatement: string;
    };
    expect(queryStatement).to.contain(`FROM ${storeId(store)}`);

    const ran = await runCli(t, ["query", "--alias", queryAlias, "--format", "json"]);
    expect(ran.code, ran.stderr).to.equal(0);
    expect(ran.stderr).to.match(/^0 rows, query /m);

    const both = await runCli(t, ["query", "SELECT 1", "--alias", queryAlias]);
    expect(both.code).to.equal(2);
    expect(both.stderr).to.contain("a statement or --alias, not both");
  });
});
