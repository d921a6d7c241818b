// Measures the Lake query engine on 100,000 CloudTrail events: building the store's table, a
// GROUP BY, a point lookup by eventID, and a full-scan COUNT(*) run side by side as the baseline
// the others are compared with. Prints times and ratios; asserts nothing.
import { QueryEngine, type LakeTable } from "cloudtrail-emulator/internals";

const EVENTS = 100_000;
const RUNS = 15;
const ID = "0b1e7c3a-5d2f-4c8e-9a6b-3f1d2e4c5b6a";
const SOURCES = ["s3", "ec2", "iam", "sts", "kms", "lambda", "rds", "cloudtrail"];
const NAMES = ["List", "Get", "Describe", "Create", "Delete", "Put", "Update", "Assume"];
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];

function makeEvent(i: number): Record<string, unknown> {
  const source = SOURCES[i % SOURCES.length];
  const user = `user-${i % 97}`;
  return {
    eventVersion: "1.08",
    userIdentity: {
      type: "IAMUser",
      principalId: `AIDA${String(i % 97).padStart(8, "0")}`,
      arn: `arn:aws:iam::111122223333:user/${user}`,
      accountId: "111122223333",
      accessKeyId: `AKIA${String(i % 97).padStart(16, "0")}`,
      userName: user,
    },
    eventTime: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    eventSource: `${source}.amazonaws.com`,
    eventName: `${NAMES[(i >> 3) % NAMES.length]}${source.toUpperCase()}Thing`,
    awsRegion: REGIONS[i % REGIONS.length],
    sourceIPAddress: `198.51.100.${i % 250}`,
    userAgent: "aws-cli/2.15.0 Python/3.11",
    requestParameters: { name: `resource-${i % 1000}`, filter: { tags: [`t${i % 7}`], limit: 50 } },
    responseElements: i % 3 === 0 ? null : { requestId: `req-${i}` },
    requestID: `req-${i}`,
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    readOnly: i % 4 !== 0,
    resources: [
      {
        ARN: `arn:aws:${source}:::resource-${i % 1000}`,
        type: `AWS::${source}::Thing`,
        accountId: "111122223333",
      },
    ],
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: "111122223333",
    eventCategory: "Management",
    ...(i % 50 === 0 ? { errorCode: "AccessDenied", errorMessage: "not authorized" } : {}),
    tlsDetails: {
      tlsVersion: "TLSv1.3",
      cipherSuite: "TLS_AES_128_GCM_SHA256",
      clientProvidedHostHeader: `${source}.amazonaws.com`,
    },
  };
}

async function main(): Promise<void> {
  const events = Array.from({ length: EVENTS }, (_, i) => makeEvent(i));
  const table: LakeTable = {
    ref: `arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/${ID}`,
    kind: "cloudtrail",
    events,
  };
  const resolve = (): LakeTable => table;

  const t0 = process.hrtime.bigint();
  const engine = await QueryEngine.open();
  const opened = ms(t0);

  const count = `SELECT count(*) FROM ${ID}`;
  const groupBy = `SELECT eventSource, eventName, count(*) AS n FROM ${ID} WHERE eventTime > '2026-01-01 00:00:00' GROUP BY eventSource, eventName ORDER BY n DESC`;
  const lookup = `SELECT eventTime, eventName, userIdentity.arn FROM ${ID} WHERE eventID = '00000000-0000-4000-8000-000000054321'`;

  const t1 = process.hrtime.bigint();
  const first = await engine.run(count, resolve);
  const firstQuery = ms(t1);

  // Interleaved, so that load on this shared machine affects all three alike.
  const times: Record<string, number[]> = { count: [], groupBy: [], lookup: [] };
  let groupRows = 0;
  let lookupRows = 0;
  for (let r = 0; r < RUNS; r++) {
    for (const [name, sql] of [
      ["count", count],
      ["groupBy", groupBy],
      ["lookup", lookup],
    ] as const) {
      const t = process.hrtime.bigint();
      const result = await engine.run(sql, resolve);
      times[name].push(ms(t));
      if (name === "groupBy") groupRows = result.rows.length;
      if (name === "lookup") lookupRows = result.rows.length;
    }
  }
  const scan = median(times.count);
  const load = firstQuery - scan;

  const appended = Array.from({ length: 1000 }, (_, i) => makeEvent(EVENTS + i));
  events.push(...appended);
  const t2 = process.hrtime.bigint();
  await engine.run(count, resolve);
  const append = ms(t2) - scan;
  engine.close();

  const mb = first.stats.bytesScanned / 1e6;
  console.log(
    `Lake query engine on ${EVENTS.toLocaleString("en")} events (${mb.toFixed(1)} MB of JSON); medians of ${RUNS}`,
  );
  console.log(`open (load DuckDB, macros, lock): ${opened.toFixed(0)} ms`);
  console.log(
    `table load (appender + from_json): ${load.toFixed(0)} ms (${((EVENTS / load) * 1000).toFixed(0)} events/s)`,
  );
  console.log(`append 1,000 events to the cached table: ${append.toFixed(1)} ms`);
  console.log(`full scan COUNT(*):   ${scan.toFixed(1)} ms`);
  console.log(
    `GROUP BY (${groupRows} groups): ${median(times.groupBy).toFixed(1)} ms, ratio to COUNT(*) ${(median(times.groupBy) / scan).toFixed(2)}x`,
  );
  console.log(
    `point lookup (${lookupRows} row): ${median(times.lookup).toFixed(1)} ms, ratio to COUNT(*) ${(median(times.lookup) / scan).toFixed(2)}x`,
  );
  console.log(`table load / COUNT(*): ${(load / scan).toFixed(0)}x (the cache pays this once per store)`);
}

function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

void main();
