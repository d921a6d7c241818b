/** RATE-1 and RATE-2: AWS's per-API request rates for one account and region, in requests per second. */
export function apiRate(operation: string): number {
  if (operation === "LookupEvents") return 2;
  if (operation === "StartQuery" || operation === "CancelQuery") return 3;
  if (operation === "PutAuditEvents") return 100;
  if (/^(Get|Describe|List)/.test(operation)) return 10;
  return 1;
}

/**
 * Token buckets, one per account, region and API. `scale` multiplies every rate (tests run
 * faster at 20x); 0 turns limiting off.
 */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(public scale = 1) {}

  /** Takes a token for the call; false when the call is over the rate (RATE-3). */
  take(key: string, operation: string, nowMs: number): boolean {
    if (this.scale <= 0) return true;
    const rate = apiRate(operation) * this.scale;
    const capacity = Math.max(1, rate);
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: nowMs };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((nowMs - bucket.at) / 1000) * rate);
    bucket.at = nowMs;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  reset(): void {
    this.buckets.clear();
  }
}

/** A fault scripted for the next `count` calls of an operation ("*" for any). */
export type Fault = {
  operation: string;
  kind: "throttle" | "internal" | "reset" | "latency";
  count: number;
  latencyMs?: number;
};

export class FaultScript {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  /** The fault the next call of `operation` meets, if any; each use counts one of its calls. */
  next(operation: string): Fault | undefined {
    const fault = this.faults.find((f) => f.count > 0 && (f.operation === operation || f.operation === "*"));
    if (!fault) return undefined;
    fault.count -= 1;
    this.faults = this.faults.filter((f) => f.count > 0);
    return fault;
  }

  pending(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}

/** One entry of the request log. */
export type LoggedRequest = {
  /** Position in the log since start (or the last clear); `GET /_emulator/log?after=` pages by it. */
  seq: number;
  time: string;
  operation: string;
  account: string;
  region: string;
  params: unknown;
  /** "ok" or the AWS error code answered. */
  outcome: string;
  status: number;
  /** The JSON body answered (absent for a reset connection). */
  response?: unknown;
};

/** What the log keeps of an entry: parameters and response as the JSON text already serialised. */
type StoredEntry = Omit<LoggedRequest, "params" | "response"> & { params: string; response?: string };

/**
 * The request log: a ring of the last `limit` entries (oldest dropped), so that adding an entry
 * never copies the log. Entries keep their JSON text, which is compact and is what the admin
 * endpoint sends back.
 */
export class RequestLog {
  private ring: (StoredEntry | undefined)[] = [];
  private next = 0;

  constructor(public limit: number) {}

  add(entry: Omit<StoredEntry, "seq">): void {
    if (this.limit <= 0) return;
    this.ring[this.next % this.limit] = { seq: this.next, ...entry };
    this.next++;
  }

  /** JSON of up to `limit` entries after sequence number `after`, oldest first, and the seq to page on. */
  page(after: number, limit: number): string {
    const first = Math.max(after + 1, this.next - Math.min(this.limit, this.ring.length));
    const last = Math.min(this.next, first + limit);
    const parts: string[] = [];
    for (let seq = first; seq < last; seq++) {
      const e = this.ring[seq % this.limit] as StoredEntry;
      const { params, response, ...plain } = e;
      const head = JSON.stringify(plain).slice(0, -1);
      parts.push(`${head},"params":${params}${response === undefined ? "" : `,"response":${response}`}}`);
    }
    const more = last < this.next ? `,"next":${last - 1}` : "";
    return `{"entries":[${parts.join(",")}]${more}}`;
  }

  clear(): void {
    this.ring = [];
    this.next = 0;
  }
}
