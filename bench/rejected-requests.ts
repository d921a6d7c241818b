// Resident memory of an emulator that has refused 10,000 PutAuditEvents requests of about 1 MB each
// (to a channel that does not exist), side by side with a fresh one, and whether the request log
// still answers a page of 10,000 entries (issue 23, reproduction 4: the log was bounded by entries,
// not bytes, and a process aborted at about 4,000 such requests). Prints figures; asserts nothing.
//   node dist/bench/rejected-requests.js [COUNT]     (default 10000)
// RSS is read from /proc, so it needs Linux.
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { startEmulatorProcess, type EmulatorProcess } from "./emulator-process";

const CONCURRENCY = 4;
const CHANNEL = "arn:aws:cloudtrail:us-east-1:123456789012:channel/00000000-0000-0000-0000-000000000000";
const PATH = `/PutAuditEvents?channelArn=${encodeURIComponent(CHANNEL)}`;
/** One request body just under the emulator's 1 MiB body limit. */
const BODY = Buffer.from(
  JSON.stringify({
    auditEvents: [{ id: "big", eventData: JSON.stringify({ pad: "x".repeat(1_040_000) }) }],
  }),
);

type Emulator = EmulatorProcess;

function startEmulator(): Promise<Emulator> {
  return startEmulatorProcess([], CONCURRENCY);
}

/** Signed headers for BODY; re-signed by the caller well inside the 15 minutes a signature is valid. */
async function signedHeaders(port: number): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" },
    region: "us-east-1",
    service: "cloudtrail-data",
    sha256: Sha256,
  });
  const req = await signer.sign(
    new HttpRequest({
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      port,
      path: "/PutAuditEvents",
      query: { channelArn: CHANNEL },
      headers: { host: `127.0.0.1:${port}`, "content-type": "application/json" },
      body: BODY,
    }),
  );
  return req.headers as Record<string, string>;
}

function call(
  e: Emulator,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: e.port, method, path, agent: e.agent, headers }, (res) => {
      let bytes = 0;
      res.on("data", (d: Buffer) => (bytes += d.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function rssMb(e: Emulator): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${e.child.pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10_000);
  const fresh = await startEmulator();
  const loaded = await startEmulator();
  try {
    let sent = 0;
    let headers = await signedHeaders(loaded.port);
    let rssAtThousand = 0;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < count) {
          if (++sent % 1000 === 0) {
            headers = await signedHeaders(loaded.port);
            if (sent === 1000) rssAtThousand = rssMb(loaded);
          }
          const { status } = await call(loaded, "POST", PATH, headers, BODY);
          if (status !== 400)
            throw new Error(`a rejected request answered ${status}, not 400 ChannelNotFound`);
        }
      }),
    );
    const seconds = (Date.now() - t0) / 1000;
    const page = await call(loaded, "GET", "/_emulator/log?limit=10000", {});
    console.log(
      `RSS after ${count.toLocaleString("en")} rejected 1 MB PutAuditEvents requests: ${rssMb(loaded).toFixed(0)} MB ` +
        `(after 1,000: ${rssAtThousand.toFixed(0)} MB); fresh emulator: ${rssMb(fresh).toFixed(0)} MB ` +
        `(${(count / seconds).toFixed(0)} requests/s); ` +
        `GET /_emulator/log?limit=10000 answered ${page.status} with ${(page.bytes / 1024).toFixed(0)} KB`,
    );
  } finally {
    fresh.child.kill();
    loaded.child.kill();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
