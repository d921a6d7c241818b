import { expect } from "chai";
import {
  CreateTrailCommand,
  DeleteEventDataStoreCommand,
  DescribeQueryCommand,
  GenerateQueryCommand,
  GetEventDataStoreCommand,
  GetQueryResultsCommand,
  SearchSampleQueriesCommand,
  StartQueryCommand,
  type CloudTrailClient,
  type SearchSampleQueriesSearchResult,
} from "@aws-sdk/client-cloudtrail";
import { awsError, useEmulator } from "../../../test/support/emulator";
import { category, createStore, storeId } from "../../../test/support/lake";

/** Every result of a search, page by page. */
async function searchAll(ct: CloudTrailClient, phrase: string, pageSize: number) {
  const results: SearchSampleQueriesSearchResult[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ct.send(
      new SearchSampleQueriesCommand({ SearchPhrase: phrase, MaxResults: pageSize, NextToken }),
    );
    results.push(...(page.SearchResults ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return results;
}

/** Runs a started query to its end and returns its status and rows (column -> value). */
async function finish(ct: CloudTrailClient, QueryId: string) {
  const { QueryStatus, ErrorMessage } = await ct.send(new DescribeQueryCommand({ QueryId }));
  const page = await ct.send(new GetQueryResultsCommand({ QueryId }));
  const rows = (page.QueryResultRows ?? []).map((row) => Object.assign({}, ...row) as Record<string, string>);
  return { QueryStatus, ErrorMessage, rows };
}

describe("emulator: sample queries (SearchSampleQueries, GenerateQuery, StartQuery by alias)", () => {
  const t = useEmulator();

  describe("Q-5, Q-6 SearchSampleQueries", () => {
    it("finds sample queries by meaning, most relevant first, with a relevance between 0 and 1", async () => {
      const { SearchResults } = await t
        .client()
        .send(new SearchSampleQueriesCommand({ SearchPhrase: "console logins without MFA" }));
      expect(SearchResults).to.have.length.above(0);
      expect(SearchResults![0].Name).to.equal("Console sign-ins without MFA");
      expect(SearchResults![0].SQL).to.contain("FROM $EDS_ID").and.contain("MFAUsed");
      const relevance = SearchResults!.map((r) => r.Relevance!);
      expect(relevance.every((r) => r > 0 && r < 1)).to.equal(true);
      expect([...relevance].sort((a, b) => b - a)).to.deep.equal(relevance);
    });

    it("answers at most 10 by default and pages the rest with NextToken", async () => {
      const ct = t.client();
      const first = await ct.send(
        new SearchSampleQueriesCommand({ SearchPhrase: "events calls users errors" }),
      );
      expect(first.SearchResults).to.have.length(10);
      expect(first.NextToken).to.be.a("string");
      const all = await searchAll(ct, "events calls users errors", 3);
      expect(all.length).to.be.greaterThan(10);
      expect(all.slice(0, 10).map((r) => r.Name)).to.deep.equal(first.SearchResults!.map((r) => r.Name));
      expect(new Set(all.map((r) => r.Name)).size).to.equal(all.length);
    });

    it("answers an empty list for a phrase that matches nothing", async () => {
      const { SearchResults, NextToken } = await t
        .client()
        .send(new SearchSampleQueriesCommand({ SearchPhrase: "zebra quokka" }));
      expect(SearchResults).to.deep.equal([]);
      expect(NextToken).to.equal(undefined);
    });

    it("every sample query in the catalogue runs on an event data store once its ID is in FROM", async () => {
      const ct = t.client();
      const ids = {
        cloudtrail: storeId(await createStore(ct, "management", { TerminationProtectionEnabled: false })),
        channel: storeId(
          await createStore(ct, "audit", { AdvancedEventSelectors: category("ActivityAuditLog") }),
        ),
        config: storeId(
          await createStore(ct, "config", { AdvancedEventSelectors: category("ConfigurationItem") }),
        ),
        insight: storeId(await createStore(ct, "insights", { AdvancedEventSelectors: category("Insight") })),
      };
      const samples = await searchAll(
        ct,
        "events users calls errors resources changes audit insights config",
        50,
      );
      expect(samples.length).to.be.greaterThan(30);
      for (const sample of samples) {
        const kind = /eventData\.resourceType/.test(sample.SQL!)
          ? "config"
          : /insightDetails/.test(sample.SQL!)
            ? "insight"
            : /eventData\./.test(sample.SQL!)
              ? "channel"
              : "cloudtrail";
        const { QueryId } = await ct.send(
          new StartQueryCommand({ QueryStatement: sample.SQL!.replaceAll("$EDS_ID", ids[kind]) }),
        );
        const run = await finish(ct, QueryId!);
        expect(run, sample.Name).to.include({ QueryStatus: "FINISHED" });
      }
    });

    const refusals: [string, Record<string, unknown>][] = [
      ["a phrase of one character", { SearchPhrase: "a" }],
      ["a phrase over 1000 characters", { SearchPhrase: "x".repeat(1001) }],
      ["a phrase that is not English text", { SearchPhrase: "connexions échouées" }],
      ["MaxResults 0", { SearchPhrase: "errors", MaxResults: 0 }],
      ["MaxResults 51", { SearchPhrase: "errors", MaxResults: 51 }],
      ["a NextToken of 3 characters", { SearchPhrase: "errors", NextToken: "abc" }],
      [
        "a NextToken of another search",
        { SearchPhrase: "errors", NextToken: Buffer.from('{"o":10,"b":"other"}').toString("base64url") },
      ],
    ];
    for (const [what, input] of refusals) {
      it(`refuses ${what} with InvalidParameterException`, async () => {
        const e = await awsError(() =>
          t.client().send(new SearchSampleQueriesCommand(input as { SearchPhrase: string })),
        );
        expect(e.name).to.equal("InvalidParameterException");
        expect(e.message).to.match(/\(Q-[56]\)$/);
      });
    }

    it("accepts phrases of 2 and 1000 characters (the boundaries)", async () => {
      const ct = t.client();
      await ct.send(new SearchSampleQueriesCommand({ SearchPhrase: "s3", MaxResults: 50 }));
      await ct.send(new SearchSampleQueriesCommand({ SearchPhrase: "x".repeat(1000), MaxResults: 1 }));
    });
  });

  describe("Q-7 GenerateQuery and Q-8 StartQuery with its QueryAlias", () => {
    it("answers the best-matching sample query with the store's ID in FROM, and runs it by its alias", async () => {
      const ct = t.client();
      const store = await createStore(ct, "management", { TerminationProtectionEnabled: false });
      await ct.send(new CreateTrailCommand({ Name: "audit", S3BucketName: "audit-logs" }));
      const generated = await ct.send(
        new GenerateQueryCommand({ EventDataStores: [store], Prompt: "What are my top API calls?" }),
      );
      expect(generated.QueryStatement)
        .to.contain(`FROM ${storeId(store)}`)
        .and.not.contain("$EDS_ID");
      expect(generated.QueryStatement).to.contain("GROUP BY eventSource, eventName");
      expect(generated.QueryAlias).to.match(/^[a-zA-Z][a-zA-Z0-9._-]*$/);
      expect(generated.EventDataStoreOwnerAccountId).to.equal("123456789012");

      const { QueryId } = await ct.send(new StartQueryCommand({ QueryAlias: generated.QueryAlias }));
      const run = await finish(ct, QueryId!);
      expect(run.QueryStatus).to.equal("FINISHED");
      expect(run.rows).to.deep.include({
        eventSource: "cloudtrail.amazonaws.com",
        eventName: "CreateTrail",
        calls: "1",
      });
      const described = await ct.send(new DescribeQueryCommand({ QueryId }));
      expect(described).to.include({
        QueryString: generated.QueryStatement,
        Prompt: "What are my top API calls?",
      });
    });

    it("takes the store by its ID too, and picks a sample for the store's kind of events", async () => {
      const ct = t.client();
      const store = await createStore(ct, "audit", { AdvancedEventSelectors: category("ActivityAuditLog") });
      const generated = await ct.send(
        new GenerateQueryCommand({
          EventDataStores: [storeId(store)],
          Prompt: "Which users caused the most events?",
        }),
      );
      expect(generated.QueryStatement).to.contain("eventData.userIdentity.principalId");
    });

    it("answers GenerateResponseException when no sample matches the prompt", async () => {
      const ct = t.client();
      const store = await createStore(ct, "management", { TerminationProtectionEnabled: false });
      const e = await awsError(() =>
        ct.send(new GenerateQueryCommand({ EventDataStores: [store], Prompt: "zebra quokka" })),
      );
      expect(e.name).to.equal("GenerateResponseException");
    });

    it("refuses bad input with AWS's errors", async () => {
      const ct = t.client();
      const store = await createStore(ct, "management", { TerminationProtectionEnabled: false });
      const cases: [Record<string, unknown>, string][] = [
        [{ EventDataStores: [], Prompt: "top errors" }, "InvalidParameterException"],
        [{ EventDataStores: [store, store], Prompt: "top errors" }, "InvalidParameterException"],
        [{ EventDataStores: [store], Prompt: "ab" }, "InvalidParameterException"],
        [{ EventDataStores: [store], Prompt: "e".repeat(501) }, "InvalidParameterException"],
        [{ EventDataStores: [store], Prompt: "erreurs les plus fréquentes" }, "InvalidParameterException"],
        [{ EventDataStores: ["no such store!"], Prompt: "top errors" }, "EventDataStoreARNInvalidException"],
        [{ EventDataStores: ["missing-store"], Prompt: "top errors" }, "EventDataStoreNotFoundException"],
      ];
      for (const [input, code] of cases) {
        const e = await awsError(() =>
          ct.send(new GenerateQueryCommand(input as { EventDataStores: string[]; Prompt: string })),
        );
        expect(e.name, JSON.stringify(input).slice(0, 80)).to.equal(code);
      }
      await ct.send(
        new GenerateQueryCommand({ EventDataStores: [store], Prompt: "top errors".padEnd(500, "!") }),
      );
      await ct.send(new DeleteEventDataStoreCommand({ EventDataStore: store }));
      const inactive = await awsError(() =>
        ct.send(new GenerateQueryCommand({ EventDataStores: [store], Prompt: "top errors" })),
      );
      expect(inactive.name).to.equal("InactiveEventDataStoreException");
    });

    it("StartQuery refuses an unknown alias, a malformed one, both a statement and an alias, and parameters the template does not take", async () => {
      const ct = t.client();
      const store = await createStore(ct, "management", { TerminationProtectionEnabled: false });
      const { QueryAlias } = await ct.send(
        new GenerateQueryCommand({ EventDataStores: [store], Prompt: "top errors this month" }),
      );
      const cases: Record<string, unknown>[] = [
        {},
        { QueryAlias: "generated-unknown" },
        { QueryAlias: "1-starts-with-a-digit" },
        { QueryAlias: QueryAlias, QueryStatement: `SELECT eventName FROM ${storeId(store)}` },
        { QueryAlias: QueryAlias, QueryParameters: ["2026-01-01"] },
        { QueryStatement: `SELECT eventName FROM ${storeId(store)}`, QueryParameters: ["x"] },
      ];
      for (const input of cases) {
        const e = await awsError(() => ct.send(new StartQueryCommand(input)));
        expect(e.name, JSON.stringify(input)).to.equal("InvalidParameterException");
        expect(e.message).to.match(/\(Q-8\)$/);
      }
    });

    it("an alias belongs to the account and Region that generated it", async () => {
      const store = await createStore(t.client(), "management", { TerminationProtectionEnabled: false });
      const { QueryAlias } = await t
        .client()
        .send(new GenerateQueryCommand({ EventDataStores: [store], Prompt: "root user activity" }));
      const e = await awsError(() => t.client("eu-west-1").send(new StartQueryCommand({ QueryAlias })));
      expect(e.name).to.equal("InvalidParameterException");
    });
  });

  describe("EDS-16 PartitionKeys", () => {
    it("GetEventDataStore reports the keys the store's events are partitioned by", async () => {
      const ct = t.client();
      const store = await createStore(ct, "management", { TerminationProtectionEnabled: false });
      const got = await ct.send(new GetEventDataStoreCommand({ EventDataStore: store }));
      expect(got.PartitionKeys).to.deep.equal([
        { Name: "eventCategory", Type: "string" },
        { Name: "eventTime", Type: "timestamp" },
      ]);
    });
  });
});
