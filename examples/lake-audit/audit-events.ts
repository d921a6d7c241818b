// Sends application events through the lake-audit channel with putAuditEvents and reads them
// back from the activity store with runQuery. `make demo` runs it after deploying the example;
// by hand: `node audit-events.js <channelArn> <activityStoreArn>` (region, credentials and an
// endpoint such as the emulator's from the usual AWS_* variables: AWS_ENDPOINT_URL, as every
// function of the package and the cloudtrail-lake CLI read it).
import { putAuditEvents, runQuery, type LakeClientOptions } from "pulumi-cloudtrail";

/** What the application reports: who did what to which order, and when. */
function orderEvents(now: Date): Record<string, unknown>[] {
  const event = (eventName: string, user: string, orderId: string, minutesAgo: number) => ({
    version: "1.0",
    userIdentity: { type: "ApplicationUser", principalId: user },
    eventSource: "orders.example.com",
    eventName,
    eventTime: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
    UID: `${orderId}-${eventName}`,
    requestParameters: { orderId },
    recipientAccountId: "123456789012",
  });
  return [
    event("Login", "alice", "-", 30),
    event("PlaceOrder", "alice", "o-1001", 25),
    event("Login", "bob", "-", 20),
    event("PlaceOrder", "bob", "o-1002", 15),
    event("CancelOrder", "alice", "o-1001", 5),
  ];
}

/** Sends the events, then queries them back in time order; the rows as Lake answers them. */
export async function sendAndQuery(
  channelArn: string,
  activityStoreArn: string,
  options: LakeClientOptions = {},
): Promise<Record<string, string>[]> {
  const sent = await putAuditEvents(
    channelArn,
    orderEvents(new Date()).map((eventData) => ({ eventData })),
    options,
  );
  if (sent.failed.length > 0)
    throw new Error(`events refused: ${sent.failed.map((f) => `${f.id} ${f.errorCode}`).join(", ")}`);
  const storeId = activityStoreArn.slice(activityStoreArn.lastIndexOf("/") + 1);
  const result = await runQuery(
    `SELECT eventData.eventTime AS time, eventData.userIdentity.principalId AS who, eventData.eventName AS what
     FROM ${storeId} WHERE eventData.eventSource = 'orders.example.com' ORDER BY eventData.eventTime`,
    { ...options, timeoutSeconds: 120 },
  );
  return result.rows;
}

if (require.main === module) {
  const [channelArn, activityStoreArn] = process.argv.slice(2);
  if (!channelArn || !activityStoreArn) {
    console.error("usage: node audit-events.js <channelArn> <activityStoreArn>");
    process.exit(2);
  }
  sendAndQuery(channelArn, activityStoreArn).then(
    (rows) => console.table(rows),
    (e: unknown) => {
      console.error((e as Error).message);
      process.exit(1);
    },
  );
}
