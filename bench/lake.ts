// End to end through the emulator's API: PutAuditEvents ingestion throughput into one channel's
// store, then Lake query time on the 100,000 events it holds (a GROUP BY and a point lookup),
// each query's first run (which builds the store's table in DuckDB) beside a second run. Then
// bounded cost with --state: a mutating call (AddTags, which rewrites the state file) on an empty
// store beside the same call once the store holds the 100,000 events (kept in the Lake journal).
// Prints the figures; asserts nothing.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AddTagsCommand,
  CloudTrailClient,
  CreateChannelCommand,
  DescribeQueryCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudtrail";
import { start, type EmulatorOptions } from "cloudtrail-emulator";
import { TEST_CREDENTIALS } from "../test/support/emulator";
import { putAuditEvents } from "../test/support/cloudtrail-data";
import { category, createStore, storeId } from "../test/support/lake";

const EVENTS = 100_000;
const BATCH = 100;
const NAMES = ["Login", "Logout", "ReadRecord", "WriteRecord", "DeleteRecord"];

/** PutAuditEvents of EVENTS events, BATCH per request, into the channel. */
async function ingest(url: string, channelArn: string): Promise<void> {
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
    const answer = await putAuditEvents(url, { channelArn, auditEvents });
    if (answer.status !== 200) throw new Error(`PutAuditEvents answered ${answer.status}`);
  }
}

/** An emulator with one ActivityAuditLog store fed by one channel. */
async function lakeEmulator(options: EmulatorOptions) {
  const emulator = await start({ rateScale: 0, ...options });
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
  return { emulator, ct, store, channelArn: ChannelArn! };
}

/** AddTags calls per second on the store (each rewrites the state file). */
async function tagRate(ct: CloudTrailClient, store: string): Promise<number> {
  const calls = 200;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < calls; i++)
    await ct.send(new AddTagsCommand({ ResourceId: store, TagsList: [{ Key: "k", Value: `v${i}` }] }));
  return (calls / Number(process.hrtime.bigint() - t0)) * 1e9;
}

async function boundedCost(): Promise<void> {
  const { emulator, ct, store, channelArn } = await lakeEmulator({
    stateFile: join(mkdtempSync(join(tmpdir(), "lake-bench-")), "state.json"),
  });
  try {
    const empty = await tagRate(ct, store);
    const t0 = process.hrtime.bigint();
    await ingest(emulator.url, channelArn);
    const ingestMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const full = await tagRate(ct, store);
    console.log(
      `with --state: PutAuditEvents ${((EVENTS / ingestMs) * 1000).toFixed(0)} events/s; AddTags on the store ` +
        `${empty.toFixed(0)}/s empty, ${full.toFixed(0)}/s holding ${EVENTS} events; ` +
        `empty/full ${(empty / full).toFixed(2)}x (target: within 2x)`,
    );
  } finally {
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const { emulator, ct, store, channelArn } = await lakeEmulator({});
  try {
    const t0 = process.hrtime.bigint();
    await ingest(emulator.url, channelArn);
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
  await boundedCost();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
