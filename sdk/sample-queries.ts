import { GenerateQueryCommand, SearchSampleQueriesCommand } from "@aws-sdk/client-cloudtrail";
import { checkArguments, lakeClient, type LakeClientOptions } from "./lake-client";

/** Lake's largest page of SearchSampleQueries: the fewest calls for a whole search. */
const SEARCH_PAGE = 50;

/** Options of {@link searchSampleQueries}. */
export interface SearchSampleQueriesOptions extends LakeClientOptions {
  /** The most results to return, the most relevant first. @default every match */
  limit?: number;
}

/** One of Lake's sample queries, as SearchSampleQueries answers it. */
export interface SampleQuery {
  /** The sample's name, such as "Console sign-ins without MFA". */
  name: string;
  /** What the query finds. */
  description: string;
  /** The statement; it names its event data store with a placeholder (`$EDS_ID`) to replace with a store's ID. */
  sql: string;
  /** How well it matches the phrase, as Lake scores it: higher is better. */
  relevance: number;
}

/**
 * Searches CloudTrail Lake's sample queries for an English phrase (SearchSampleQueries, every
 * page up to `limit`), the most relevant first. The arguments are checked before any call
 * (Q-5, Q-6; {@link InvalidArgumentsError}).
 *
 * @example
 * const [best] = await searchSampleQueries("console sign-ins without MFA", { limit: 1 });
 * const result = await runQuery(best.sql.replaceAll("$EDS_ID", storeId));
 */
export async function searchSampleQueries(
  phrase: string,
  options: SearchSampleQueriesOptions = {},
): Promise<SampleQuery[]> {
  checkArguments("searchSampleQueries", "SampleQuerySearch", { phrase, limit: options.limit });
  const limit = options.limit ?? Infinity;
  const ct = await lakeClient("searchSampleQueries", options);
  const found: SampleQuery[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ct.send(
      new SearchSampleQueriesCommand({
        SearchPhrase: phrase,
        MaxResults: Math.min(SEARCH_PAGE, limit - found.length),
        NextToken,
      }),
    );
    for (const r of page.SearchResults ?? [])
      found.push({
        name: r.Name ?? "",
        description: r.Description ?? "",
        sql: r.SQL ?? "",
        relevance: r.Relevance ?? 0,
      });
    NextToken = page.NextToken;
  } while (NextToken && found.length < limit);
  return found;
}

/** A query GenerateQuery made from a prompt. */
export interface GeneratedQuery {
  /** The SQL statement, naming the event data store in FROM. */
  queryStatement: string;
  /** Runs the statement by name: `runQuery({ queryAlias })`. */
  queryAlias: string;
  /** The account that owns the event data store. */
  eventDataStoreOwnerAccountId?: string;
}

/**
 * Turns an English prompt ("What are my top errors in the past month?") into a Lake query over one
 * event data store (GenerateQuery; AWS uses generative AI: check the statement before relying on
 * it). Run it with `runQuery(generated.queryStatement)` or `runQuery({ queryAlias })`. The
 * arguments are checked before any call (Q-7: a prompt of 3 to 500 characters, exactly one store
 * by ARN or ID; {@link InvalidArgumentsError}).
 */
export async function generateQuery(
  prompt: string,
  eventDataStores: string | readonly string[],
  options: LakeClientOptions = {},
): Promise<GeneratedQuery> {
  const stores = typeof eventDataStores === "string" ? [eventDataStores] : [...eventDataStores];
  checkArguments("generateQuery", "GenerateQuery", { prompt, eventDataStores: stores });
  const ct = await lakeClient("generateQuery", options);
  const out = await ct.send(new GenerateQueryCommand({ Prompt: prompt, EventDataStores: stores }));
  return {
    queryStatement: out.QueryStatement ?? "",
    queryAlias: out.QueryAlias ?? "",
    eventDataStoreOwnerAccountId: out.EventDataStoreOwnerAccountId,
  };
}
