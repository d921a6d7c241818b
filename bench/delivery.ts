// Measures what trail delivery costs the emulator (asserts nothing; prints figures and ratios):
//   1. per event delivered: a 5-minute window of N recorded events written as one log file
//      (JSON, gzip, SHA-256), timed as the request that delivers it against the same request with
//      nothing due;
//   2. per digest: an hour's digest (JSON, gzip, SHA256withRSA signature);
//   3. bounded cost: a window of 100 new events delivered after 20,000 already delivered, against
//      the same window with no history (delivery reads the journal after its cursor only), timed
//      on the delivery step itself.
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { EmulatorAdmin, start, type RunningEmulator } from "../emulator";
import { deliverDue } from "../emulator/delivery/trail-delivery";
import { accountState, emptyState, type RecordedEvent } from "../emulator/state";

const TARGET = "CloudTrail_20131101.";
const CONCURRENCY = 8;
const HISTORY = 20_000;

/** Unsigned-key calls (the emulator does not verify a key it does not know), so recording events is cheap. */
function call(url: string, agent: Agent, operation: string, body: object): Promise<number> {
  const u = new URL(url);
  const text = JSON.stringify(body);
  const date = new Date().toISOString().replace(/[-:]|\.\d{3}/g, "");
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method: "POST",
        path: "/",
        agent,
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": `${TARGET}${operation}`,
          "x-amz-date": date,
          authorization: `AWS4-HMAC-SHA256 Credential=AKIDBENCH/${date.slice(0, 8)}/us-east-1/cloudtrail/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(text);
  });
}

async function record(url: string, agent: Agent, events: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < events) {
      next++;
      const status = await call(url, agent, "ListTrails", {});
      if (status !== 200) throw new Error(`ListTrails answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** Milliseconds of one admin request (health), which delivers whatever is due before answering. */
async function timedRequest(emulator: RunningEmulator): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${emulator.url}/_emulator/health`);
  await res.text();
  return performance.now() - t0;
}

/** An emulator with a logging trail (validation on), the clock just past a 5-minute mark. */
async function setUp(): Promise<{ emulator: RunningEmulator; admin: EmulatorAdmin; agent: Agent }> {
  const emulator = await start({ rateScale: 0, eventLimit: HISTORY * 2 });
  const admin = new EmulatorAdmin(emulator.url);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  await call(emulator.url, agent, "CreateTrail", {
    Name: "bench-trail",
    S3BucketName: "bench-logs",
    EnableLogFileValidation: true,
  });
  await call(emulator.url, agent, "StartLogging", { Name: "bench-trail" });
  const now = (await admin.advanceClock(0)).getTime();
  await admin.advanceClock((300_000 - (now % 300_000)) / 1000 + 1);
  return { emulator, admin, agent };
}

/** Delivers one window of `events` events: the delivering request's time less a request with nothing due. */
async function deliverWindow(
  emulator: RunningEmulator,
  admin: EmulatorAdmin,
  agent: Agent,
  events: number,
): Promise<number> {
  await record(emulator.url, agent, events);
  const idle = Math.min(await timedRequest(emulator), await timedRequest(emulator));
  await admin.advanceClock(300);
  return (await timedRequest(emulator)) - idle;
}

async function main(): Promise<void> {
  const fresh = await setUp();
  const windowEvents = 5_000;
  const windowMs = await deliverWindow(fresh.emulator, fresh.admin, fresh.agent, windowEvents);
  console.log(
    `   delivery: ${((windowMs * 1000) / windowEvents).toFixed(1)} µs per event ` +
      `(${windowEvents} events in one log file: ${windowMs.toFixed(1)} ms)`,
  );
  const digests: number[] = [];
  for (let i = 0; i < 4; i++) {
    const idle = Math.min(await timedRequest(fresh.emulator), await timedRequest(fresh.emulator));
    await fresh.admin.advanceClock(3600);
    digests.push((await timedRequest(fresh.emulator)) - idle);
  }
  console.log(
    `   digest: ${median(digests.slice(1)).toFixed(1)} ms for an hour's digest (JSON, gzip, SHA256withRSA); ` +
      `the region's first: ${digests[0].toFixed(1)} ms (with a 2048-bit key pair made)`,
  );
  await fresh.emulator.stop();

  // The delivery step alone (deliverDue, what each request runs first) on the same state with and
  // without history: through HTTP the larger heap's garbage collection would blur the figure.
  const small = 100;
  const without: number[] = [];
  const withHistory: number[] = [];
  for (let round = 0; round < 9; round++) {
    without.push(timedDelivery(0, small));
    withHistory.push(timedDelivery(HISTORY, small));
  }
  const [a, b] = [median(withHistory), median(without)];
  console.log(
    `   bounded cost: a window of ${small} events after ${HISTORY} delivered: ${a.toFixed(2)} ms, ` +
      `with no history: ${b.toFixed(2)} ms (ratio ${(a / Math.max(b, 0.01)).toFixed(2)}; medians of 9)`,
  );
}

/** Milliseconds deliverDue takes for a window of `events` new events, after `history` delivered ones. */
function timedDelivery(history: number, events: number): number {
  const state = emptyState();
  const account = accountState(state, "123456789012");
  const startedAt = Math.floor(Date.now() / 300_000) * 300_000 + 1;
  account.trails["arn:aws:cloudtrail:us-east-1:123456789012:trail/bench"] = {
    Name: "bench",
    S3BucketName: "bench-logs",
    IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: false,
    HomeRegion: "us-east-1",
    TrailARN: "arn:aws:cloudtrail:us-east-1:123456789012:trail/bench",
    LogFileValidationEnabled: false,
    IsOrganizationTrail: false,
    IsLogging: true,
    StartLoggingTime: startedAt,
    EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }],
    HasCustomEventSelectors: false,
    InsightSelectors: [],
    Tags: [],
  };
  const journal = (account.events["us-east-1"] = [] as RecordedEvent[]);
  for (let i = 0; i < history; i++) journal.push(recorded(startedAt + 1));
  deliverDue(state, startedAt + 600_000);
  for (let i = 0; i < events; i++) journal.push(recorded(startedAt + 600_001));
  const t0 = performance.now();
  deliverDue(state, startedAt + 900_000);
  return performance.now() - t0;
}

function recorded(time: number): RecordedEvent {
  const record = {
    eventVersion: "1.09",
    eventTime: new Date(time).toISOString(),
    eventSource: "cloudtrail.amazonaws.com",
    eventName: "ListTrails",
    awsRegion: "us-east-1",
    readOnly: true,
    requestParameters: {},
  };
  return {
    EventId: "bench",
    EventName: "ListTrails",
    ReadOnly: "true",
    AccessKeyId: "AKIDBENCH",
    EventTime: time,
    EventSource: "cloudtrail.amazonaws.com",
    Username: "bench",
    Resources: [],
    CloudTrailEvent: JSON.stringify(record),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
