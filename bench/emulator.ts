// Measures the emulator's bounded cost, each figure side by side in one run (interleaved rounds
// against two emulator processes, so machine load hits both alike). Prints ratios; asserts nothing.
//   1. request throughput with 50,000 requests already logged, against a fresh emulator;
//   2. write throughput with 20,000 recorded events and --state, against an empty state;
//   3. resident memory after 100,000 requests;
//   4. request throughput with signature verification (a key given with --credential) against
//      without it (a key the emulator does not know, whose signature it does not check).
// RSS is read from /proc, so figure 3 needs Linux.
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulatorProcess, type EmulatorProcess } from "./emulator-process";

const TARGET = "CloudTrail_20131101.";
const CONCURRENCY = 8;
const BENCH_KEY = { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" };

type Emulator = EmulatorProcess;

function startEmulator(args: string[]): Promise<Emulator> {
  return startEmulatorProcess(args, CONCURRENCY);
}

/** Headers of a signed request; signed once and reused (the signature stays valid for 15 minutes). */
async function signed(port: number, operation: string, body: string): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials: BENCH_KEY,
    region: "us-east-1",
    service: "cloudtrail",
    sha256: Sha256,
  });
  const req = await signer.sign(
    new HttpRequest({
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      port,
      path: "/",
      headers: {
        host: `127.0.0.1:${port}`,
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `${TARGET}${operation}`,
      },
      body,
    }),
  );
  return req.headers as Record<string, string>;
}

type Call = { headers: Record<string, string>; body: string };

function send(e: Emulator, call: Call): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: e.port, method: "POST", path: "/", agent: e.agent, headers: call.headers },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(call.body);
  });
}

/** Sends `count` calls (cycling through `calls`) over CONCURRENCY connections; resolves to calls per second. */
async function load(e: Emulator, calls: Call[], count: number): Promise<number> {
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const status = await send(e, calls[next++ % calls.length]);
        if (status !== 200) throw new Error(`bench call answered ${status}`);
      }
    }),
  );
  return count / (Number(process.hrtime.bigint() - t0) / 1e9);
}

/** Median calls per second of each emulator over interleaved rounds. */
async function sideBySide(a: [Emulator, Call[]], b: [Emulator, Call[]], rounds: number, perRound: number) {
  const rates: [number[], number[]] = [[], []];
  for (let i = 0; i < rounds; i++) {
    rates[0].push(await load(a[0], a[1], perRound));
    rates[1].push(await load(b[0], b[1], perRound));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return [median(rates[0]), median(rates[1])];
}

function rssMb(e: Emulator): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${e.child.pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
}

async function createTrail(e: Emulator): Promise<void> {
  const body = JSON.stringify({ Name: "bench", S3BucketName: "bench-bucket" });
  await load(e, [{ headers: await signed(e.port, "CreateTrail", body), body }], 1);
}

async function getTrail(e: Emulator): Promise<Call[]> {
  const body = JSON.stringify({ Name: "bench" });
  return [{ headers: await signed(e.port, "GetTrail", body), body }];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ct-bench-"));
  const emulators: Emulator[] = [];
  try {
    // 1. Throughput with a full request log (cap raised to 50,000 so that all of them are kept).
    const fresh = await startEmulator(["--log-limit", "50000"]);
    const logged = await startEmulator(["--log-limit", "50000"]);
    emulators.push(fresh, logged);
    for (const e of [fresh, logged]) await createTrail(e);
    await load(logged, await getTrail(logged), 50_000);
    const [freshRate, loggedRate] = await sideBySide(
      [fresh, await getTrail(fresh)],
      [logged, await getTrail(logged)],
      5,
      2000,
    );
    console.log(
      `5.1 GetTrail throughput: fresh ${freshRate.toFixed(0)}/s, with 50,000 requests logged ${loggedRate.toFixed(0)}/s; ` +
        `fresh/logged ${(freshRate / loggedRate).toFixed(2)}x (target: within 1.5x)`,
    );

    // 2. Write throughput with --state: empty history against 20,000 recorded events.
    const empty = await startEmulator(["--state", join(dir, "empty.json")]);
    const full = await startEmulator(["--state", join(dir, "full.json")]);
    emulators.push(empty, full);
    for (const e of [empty, full]) await createTrail(e);
    await load(full, await getTrail(full), 20_000);
    const addTags = async (e: Emulator): Promise<Call[]> =>
      Promise.all(
        ["a", "b"].map(async (value) => {
          const body = JSON.stringify({
            ResourceId: "arn:aws:cloudtrail:us-east-1:123456789012:trail/bench",
            TagsList: [{ Key: "k", Value: value }],
          });
          return { headers: await signed(e.port, "AddTags", body), body };
        }),
      );
    const [emptyRate, fullRate] = await sideBySide(
      [empty, await addTags(empty)],
      [full, await addTags(full)],
      5,
      300,
    );
    console.log(
      `5.2 AddTags with --state: empty history ${emptyRate.toFixed(0)}/s, 20,000 recorded events ${fullRate.toFixed(0)}/s; ` +
        `empty/full ${(emptyRate / fullRate).toFixed(2)}x (target: within 2x)`,
    );

    // 3. Memory after 100,000 requests (the logged emulator has served 50,000 + 10,000 + 1 so far).
    await load(logged, await getTrail(logged), 100_000 - 60_001);
    console.log(
      `5.3 RSS after 100,000 requests (log cap 50,000, event cap 20,000): ${rssMb(logged).toFixed(0)} MB; ` +
        `fresh emulator after 10,001: ${rssMb(fresh).toFixed(0)} MB (target: below 200 MB)`,
    );

    // 4. SigV4 verification (SIG-1) on every request, against none.
    const unverified = await startEmulator([]);
    const verifying = await startEmulator([
      "--credential",
      `${BENCH_KEY.accessKeyId}:${BENCH_KEY.secretAccessKey}:123456789012`,
    ]);
    emulators.push(unverified, verifying);
    for (const e of [unverified, verifying]) await createTrail(e);
    const [plainRate, verifiedRate] = await sideBySide(
      [unverified, await getTrail(unverified)],
      [verifying, await getTrail(verifying)],
      5,
      2000,
    );
    console.log(
      `5.4 GetTrail throughput: signature not verified ${plainRate.toFixed(0)}/s, verified ${verifiedRate.toFixed(0)}/s; ` +
        `unverified/verified ${(plainRate / verifiedRate).toFixed(2)}x`,
    );
  } finally {
    for (const e of emulators) {
      e.agent.destroy();
      e.child.kill();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
