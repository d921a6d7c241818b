import {
  CreateEventDataStoreCommand,
  DescribeQueryCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  type AdvancedEventSelector,
  type CloudTrailClient,
} from "@aws-sdk/client-cloudtrail";

/** Selectors of one event category. */
export const category = (c: string): AdvancedEventSelector[] => [
  { Name: c, FieldSelectors: [{ Field: "eventCategory", Equals: [c] }] },
];

/** The ID suffix of a store's ARN, as queries name it in FROM. */
export const storeId = (arn: string): string => arn.slice(arn.lastIndexOf("/") + 1);

export async function createStore(
  ct: CloudTrailClient,
  name: string,
  extra: Partial<ConstructorParameters<typeof CreateEventDataStoreCommand>[0]> = {},
): Promise<string> {
  return (await ct.send(new CreateEventDataStoreCommand({ Name: name, ...extra }))).EventDataStoreArn!;
}

/** Runs a Lake query to the end through the SDK and returns every row as column -> value. */
export async function query(ct: CloudTrailClient, statement: string): Promise<Record<string, string>[]> {
  const { QueryId } = await ct.send(new StartQueryCommand({ QueryStatement: statement }));
  const described = await ct.send(new DescribeQueryCommand({ QueryId }));
  if (described.QueryStatus !== "FINISHED")
    throw new Error(`query ${QueryId} is ${described.QueryStatus}: ${described.ErrorMessage ?? ""}`);
  const rows: Record<string, string>[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ct.send(new GetQueryResultsCommand({ QueryId, NextToken }));
    for (const row of page.QueryResultRows ?? [])
      rows.push(Object.assign({}, ...row) as Record<string, string>);
    NextToken = page.NextToken;
  } while (NextToken);
  return rows;
}
