// The Lake query engine's bounds (issue 23), measured on an emulator in this process: the RSS after
// 1,000 queries of ~2 MB of results each (kept within the result budget, so it levels off), and
// the time another account's calls take while a long query runs, side by side with an idle engine.
// Prints figures and ratios; asserts nothing.
import {
  CancelQueryCommand,
  CloudTrailClient,
  DescribeQueryCommand,
  ListEventDataStoresCommand,
  StartQueryCommand,
} from "@aws-sdk/client-cloudtrail";
import { start } from "cloudtrail-emulator";

const QUERIES = 1000;
const CALLS = 30;
const LARGE = "SELECT repeat('x', 1000) || x AS s FROM (SELECT unnest(range(2000)) x)";
const LONG = "SELECT count(*) FROM (SELECT unnest(range(3000000)) a) x, (SELECT unnest(range(3000000)) b) y";

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const emulator = await start({
    rateScale: 0,
    credentials: {
      AKIDBENCHA: { secretAccessKey: "a", account: "111111111111" },
      AKIDBENCHB: { secretAccessKey: "b", account: "222222222222" },
    },
    lake: { queryTimeoutSeconds: 120 },
  });
  const client = (accessKeyId: string, secretAccessKey: string) =>
    new CloudTrailClient({
      endpoint: emulator.url,
      region: "us-east-1",
      credentials: { accessKeyId, secretAccessKey },
    });
  const a = client("AKIDBENCHA", "a");
  const b = client("AKIDBENCHB", "b");

  const finish = async (QueryId: string | undefined): Promise<string> => {
    for (;;) {
      const { QueryStatus } = await b.send(new DescribeQueryCommand({ QueryId }));
      if (QueryStatus !== "RUNNING" && QueryStatus !== "QUEUED") return QueryStatus!;
    }
  };
  const rss: [number, number][] = [];
  for (let i = 1; i <= QUERIES; i++) {
    const { QueryId } = await b.send(new StartQueryCommand({ QueryStatement: LARGE }));
    await finish(QueryId);
    if (i === 10 || i % 250 === 0) {
      global.gc?.();
      rss.push([i, process.memoryUsage().rss]);
    }
  }
  console.log(
    `RSS after N queries of ~2 MB of results each (result budget 256 MiB): ${rss.map(([n, r]) => `${n}: ${mib(r)}`).join(", ")}`,
  );

  const timeCalls = async (): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t = process.hrtime.bigint();
      await a.send(new ListEventDataStoresCommand({}));
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    return median(times);
  };
  const idle = await timeCalls();
  const { QueryId } = await b.send(new StartQueryCommand({ QueryStatement: LONG }));
  const busy = await timeCalls();
  await b.send(new CancelQueryCommand({ QueryId }));
  const cancelled = await finish(QueryId);
  console.log(
    `another account's ListEventDataStores, median of ${CALLS}: ${idle.toFixed(1)} ms idle, ${busy.toFixed(1)} ms while a long query runs (${(busy / idle).toFixed(2)}x); the long query then ${cancelled} by CancelQuery`,
  );
  await emulator.stop();
}

void main();
