// End to end through the emulator's API: PutAuditEvents ingestion throughput into one channel's
// store, then Lake query time on the 100,000 events it holds (a GROUP BY and a point lookup),
// each query's first run (which builds the store's table in DuckDB) beside a second run.
// Prints the figures; asserts nothing.
import {
  CloudTrailClient,
  CreateChannelCommand,
  DescribeQueryCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudtrail";
import { start } from "../emulator";
import { TEST_CREDENTIALS } from "../test/support/emulator";
import { putAuditEvents } from "../test/support/cloudtrail-data";
import { category, createStore, storeId } from "../test/support/lake";

const EVENTS = 100_000;
const BATCH = 100;
const NAMES = ["Login", "Logout", "ReadRecord", "WriteRecord", "DeleteRecord"];

async function main(): Promise<void> {
  const emulator = await start({ rateScale: 0 });
  try {
    const ct = new CloudTrailClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: TEST_CREDENTIALS,
    });
    const store = await createStore(ct, "bench", { AdvancedEventSelectors: category("ActivityAuditLog") });
    const { ChannelArn } = await ct.send(
      new CreateChannelCommand({
        Name: "bench",
        Source: "Custom",
        Destinations: [{ Type: "EVENT_DATA_STORE", Location: store }],
      }),
    );
    const t0 = process.hrtime.bigint();
    for (let b = 0; b < EVENTS / BATCH; b++) {
      const auditEvents = Array.from({ length: BATCH }, (_, i) => {
        const n = b * BATCH + i;
        return {
          id: `e${n}`,
          eventData: JSON.stringify({
            version: "1.0",
            UID: `e${n}`,
            eventName: NAMES[n % NAMES.length],
            eventSource: "app.example.com",
            eventTime: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
            userIdentity: { type: "User", principalId: `user-${n % 1000}` },
            recipientAccountId: "123456789012",
          }),
        };
      });
      const answer = await putAuditEvents(emulator.url, { channelArn: ChannelArn!, auditEvents });
      if (answer.status !== 200) throw new Error(`PutAuditEvents answered ${answer.status}`);
    }
    const ingestMs = Number(process.hrtime.bigint() - t0) / 1e6;
    console.log(
      `PutAuditEvents: ${EVENTS} events in ${EVENTS / BATCH} requests of ${BATCH}: ${ingestMs.toFixed(0)} ms, ` +
        `${((EVENTS / ingestMs) * 1000).toFixed(0)} events/s`,
    );
    const id = storeId(store);
    const queries = {
      "GROUP BY": `SELECT eventData.eventName, count(*) AS n FROM ${id} GROUP BY eventData.eventName ORDER BY n DESC`,
      "point lookup": `SELECT eventData.eventTime FROM ${id} WHERE eventData.UID = 'e73421'`,
    };
    for (const [name, statement] of Object.entries(queries)) {
      const times: number[] = [];
      for (let run = 0; run < 2; run++) {
        const q0 = process.hrtime.bigint();
        const { QueryId } = await ct.send(new StartQueryCommand({ QueryStatement: statement }));
        await ct.send(new DescribeQueryCommand({ QueryId }));
        const rows = (await ct.send(new GetQueryResultsCommand({ QueryId }))).QueryResultRows ?? [];
        if (rows.length === 0) throw new Error(`${name} found nothing`);
        times.push(Number(process.hrtime.bigint() - q0) / 1e6);
      }
      console.log(
        `query on ${EVENTS} events, ${name}: first run ${times[0].toFixed(0)} ms, second run ${times[1].toFixed(0)} ms` +
          (name === "GROUP BY" ? " (the store's first query builds its table in DuckDB)" : ""),
      );
    }
  } finally {
    await emulator.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
