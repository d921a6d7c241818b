import { randomUUID } from "node:crypto";
import MiniSearch from "minisearch";
import { fail } from "../errors";
import { pageToken, readPageToken, type RequestContext } from "../context";
import { findStore, storeKind, type StoreKind } from "./event-data-stores";
import { SAMPLE_QUERIES, STORE_PLACEHOLDER, type SampleQuery } from "./sample-query-catalogue";
import { lakeRegion, type QueryAliasRecord } from "./state";

type Json = Record<string, unknown>;

/** Q-5: SearchSampleQueries' phrase and GenerateQuery's prompt are printable ASCII and newlines. */
const ENGLISH_TEXT = /^[ -~\n]*$/;
/** QueryAlias's pattern. */
const ALIAS = /^[a-zA-Z][a-zA-Z0-9._-]*$/;
/**
 * Generated aliases an account keeps per region; the oldest goes first. How long AWS keeps an
 * alias is not documented: the bound keeps the emulator's memory bounded.
 */
const MAX_ALIASES = 500;
/**
 * BM25 scores are unbounded; `score / (score + RELEVANCE_HALF)` maps them onto 0..1 so that a
 * relevance means the same whatever the phrase (a score of RELEVANCE_HALF reads 0.5).
 */
const RELEVANCE_HALF = 8;

/** Words that carry no meaning for the search ("show me all the ..."). */
const STOP_WORDS = new Set(
  "a about all an and any are as at be by can did do does for from get give has have how i in is it list me my of on or show that the their them there these this to was were what when which who with".split(
    " ",
  ),
);

/**
 * The catalogue's index: BM25 over name, description and keywords (MiniSearch), with prefix and
 * fuzzy matches so that "logins" finds "sign-ins"' keyword "login" and a typo still matches.
 */
const index = (() => {
  const search = new MiniSearch<SampleQuery & { id: number }>({
    fields: ["name", "description", "keywords"],
    processTerm: (term) => {
      const word = term.toLowerCase();
      return STOP_WORDS.has(word) ? null : word;
    },
    searchOptions: { boost: { name: 3, keywords: 2 }, prefix: true, fuzzy: 0.2 },
  });
  search.addAll(SAMPLE_QUERIES.map((q, id) => ({ ...q, id })));
  return search;
})();

/** The samples that match `phrase`, best first, with their relevance (0..1); ties keep catalogue order. */
function rank(phrase: string, kind?: StoreKind): { query: SampleQuery; relevance: number }[] {
  return index
    .search(phrase)
    .map((hit) => ({ query: SAMPLE_QUERIES[hit.id as number], score: hit.score, id: hit.id as number }))
    .filter((hit) => kind === undefined || hit.query.kind === kind)
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .map(({ query, score }) => ({
      query,
      relevance: Math.round((score / (score + RELEVANCE_HALF)) * 10_000) / 10_000,
    }));
}

function checkEnglish(name: string, value: unknown, min: number, max: number, rule: string): string {
  if (typeof value !== "string" || value.length < min || value.length > max)
    fail("InvalidParameterException", `${name} must be ${min} to ${max} characters. (${rule})`);
  if (!ENGLISH_TEXT.test(value))
    fail(
      "InvalidParameterException",
      `${name} must be English text: printable ASCII characters and newlines. (${rule})`,
    );
  return value;
}

/**
 * searches the catalogue of sample queries for a phrase and pages the matches, most
 * relevant first. A phrase that matches nothing answers an empty list.
 */
export function searchSampleQueries(
  ctx: RequestContext,
  p: { SearchPhrase?: string; MaxResults?: number; NextToken?: string },
): Json {
  const phrase = checkEnglish("SearchPhrase", p.SearchPhrase, 2, 1000, "Q-5");
  const max = p.MaxResults ?? 10;
  if (!Number.isInteger(max) || max < 1 || max > 50)
    fail("InvalidParameterException", `MaxResults ${max} is not between 1 and 50. (Q-6)`);
  const bound = `SearchSampleQueries:${phrase}`;
  if (p.NextToken !== undefined && (p.NextToken.length < 4 || p.NextToken.length > 1000))
    fail("InvalidParameterException", "NextToken must be 4 to 1000 characters. (Q-6)");
  const offset = readPageToken(p.NextToken, bound);
  // SearchSampleQueries documents no InvalidNextTokenException: a bad token is a bad parameter.
  if (offset === undefined)
    fail("InvalidParameterException", "The NextToken is not valid for this search phrase. (Q-6)");
  const hits = rank(phrase);
  return {
    SearchResults: hits.slice(offset, offset + max).map(({ query, relevance }) => ({
      Name: query.name,
      Description: query.description,
      SQL: query.sql,
      Relevance: relevance,
    })),
    NextToken: offset + max < hits.length ? pageToken(offset + max, bound) : undefined,
  };
}

/**
 * GenerateQuery, without generative AI. The prompt is searched in the catalogue among the
 * samples for the store's kind of events; the best match is answered with the store's ID in its
 * FROM, and kept under a new alias that StartQuery runs. GenerateResponseException when no sample
 * matches.
 */
export function generateQuery(ctx: RequestContext, p: { EventDataStores?: string[]; Prompt?: string }): Json {
  const refs = p.EventDataStores;
  if (!Array.isArray(refs) || refs.length !== 1)
    fail("InvalidParameterException", "EventDataStores must name exactly one event data store. (Q-7)");
  const prompt = checkEnglish("Prompt", p.Prompt, 3, 500, "Q-7");
  const store = findStore(ctx, refs[0], true);
  const [best] = rank(prompt, storeKind(store));
  if (!best)
    fail(
      "GenerateResponseException",
      "A query could not be generated for the prompt. Name the events, users or services you want to see.",
    );
  const id = store.EventDataStoreArn.slice(store.EventDataStoreArn.lastIndexOf("/") + 1);
  const statement = best.query.sql.replaceAll(STORE_PLACEHOLDER, id);
  const aliases = regionAliases(ctx);
  const record: QueryAliasRecord = {
    QueryAlias: `generated-${randomUUID()}`,
    QueryStatement: statement,
    Prompt: prompt,
    CreatedTimestamp: ctx.now.getTime(),
  };
  aliases[record.QueryAlias] = record;
  const kept = Object.values(aliases).sort((a, b) => a.CreatedTimestamp - b.CreatedTimestamp);
  for (const old of kept.slice(0, Math.max(0, kept.length - MAX_ALIASES))) delete aliases[old.QueryAlias];
  return {
    QueryStatement: statement,
    QueryAlias: record.QueryAlias,
    EventDataStoreOwnerAccountId: ctx.account,
  };
}

/**
 * the statement StartQuery runs: QueryStatement, or the template a QueryAlias names (with
 * QueryParameters only where the template takes them; GenerateQuery's take none), and the prompt
 * that template was generated from.
 */
export function statementToRun(
  ctx: RequestContext,
  p: { QueryStatement?: string; QueryAlias?: string; QueryParameters?: string[] },
): { statement: string; prompt?: string } {
  if (p.QueryAlias === undefined) {
    if (p.QueryStatement === undefined)
      fail("InvalidParameterException", "StartQuery needs a QueryStatement or a QueryAlias. (Q-8)");
    if (p.QueryParameters !== undefined)
      fail("InvalidParameterException", "QueryParameters go with a QueryAlias. (Q-8)");
    return { statement: p.QueryStatement };
  }
  if (p.QueryStatement !== undefined)
    fail("InvalidParameterException", "Give either QueryStatement or QueryAlias, not both. (Q-8)");
  if (p.QueryAlias.length < 1 || p.QueryAlias.length > 256 || !ALIAS.test(p.QueryAlias))
    fail(
      "InvalidParameterException",
      `QueryAlias ${p.QueryAlias} must be 1 to 256 characters: a letter, then letters, digits, '.', '_' or '-'. (Q-8)`,
    );
  const aliases = regionAliases(ctx);
  const record = Object.hasOwn(aliases, p.QueryAlias) ? aliases[p.QueryAlias] : undefined;
  if (!record)
    return fail("InvalidParameterException", `The query alias ${p.QueryAlias} does not exist. (Q-8)`);
  if (p.QueryParameters !== undefined)
    fail(
      "InvalidParameterException",
      `The query alias ${p.QueryAlias} takes no QueryParameters: its statement has no parameters. (Q-8)`,
    );
  return { statement: record.QueryStatement, prompt: record.Prompt };
}

function regionAliases(ctx: RequestContext): Record<string, QueryAliasRecord> {
  return lakeRegion(ctx.state.lake, ctx.account, ctx.region).queryAliases;
}
