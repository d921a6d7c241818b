import { gzipSync } from "node:zlib";
import {
  CreateChannelCommand,
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

/**
 * A store of ActivityAuditLog events named "audit" (`extra` settings beside) and a Custom channel
 * "app" that delivers to it: where PutAuditEvents lands. `store` is the store's ARN.
 */
export async function auditChannel(
  ct: CloudTrailClient,
  extra: Partial<ConstructorParameters<typeof CreateEventDataStoreCommand>[0]> = {},
): Promise<{ channelArn: string; store: string }> {
  const store = await createStore(ct, "audit", {
    AdvancedEventSelectors: category("ActivityAuditLog"),
    ...extra,
  });
  const { ChannelArn } = await ct.send(
    new CreateChannelCommand({
      Name: "app",
      Source: "Custom",
      Destinations: [{ Type: "EVENT_DATA_STORE", Location: store }],
    }),
  );
  return { channelArn: ChannelArn!, store };
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

/** A CloudTrail event as a trail's log file holds it (IMP-5): an S3 management call. */
export const trailRecord = (name: string, time: string) => ({
  eventVersion: "1.09",
  eventID: `${name}-${time}`,
  eventTime: time,
  eventSource: "s3.amazonaws.com",
  eventName: name,
  awsRegion: "us-east-1",
  userIdentity: { type: "IAMUser", principalId: "AIDAEXAMPLE", arn: "arn:aws:iam::123456789012:user/alice" },
  requestParameters: { bucketName: "app-data" },
  readOnly: false,
  eventCategory: "Management",
  managementEvent: true,
  recipientAccountId: "123456789012",
});

/** A log file as trails deliver them: gzipped `{"Records": [...]}` (IMP-5). */
export const logFile = (records: object[]): Buffer => gzipSync(JSON.stringify({ Records: records }));
