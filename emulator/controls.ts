/** RATE-1 and RATE-2: AWS's per-API request rates for one account and region, in requests per second. */
export function apiRate(operation: string): number {
  if (operation === "LookupEvents" || operation === "ListInsightsData") return 2;
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
  /** The request's parameters; null when they were larger than the log keeps (see `truncated`). */
  params: unknown;
  /** "ok" or the AWS error code answered. */
  outcome: string;
  status: number;
  /** The JSON body answered (absent for a reset connection, or one larger than the log keeps). */
  response?: unknown;
  /** Sizes in bytes of the parameters or response the log did not keep, being over its per-entry cap. */
  truncated?: { params?: number; response?: number };
};

/** What the log keeps of an entry: parameters and response as the JSON text already serialised. */
type StoredEntry = Omit<LoggedRequest, "params" | "response"> & { params: string; response?: string };

/** Parameters the log keeps per entry; larger ones (a rejected 1 MB body, say) are noted by size only. */
export const LOG_PARAMS_BYTES = 64 * 1024;
/** Response bytes the log keeps per entry. */
export const LOG_RESPONSE_BYTES = 1024 * 1024;
/** What an entry costs beyond its parameters and response: the other fields and their JSON. */
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * The request log: the last `limit` entries within `maxBytes` (oldest dropped first), so neither
 * many requests nor large ones grow it without bound, and a page of it is always a string V8 can
 * build. Entries keep their JSON text, which is compact and is what the admin endpoint sends back.
 */
export class RequestLog {
  private entries: (StoredEntry | undefined)[] = [];
  /** Index in `entries` of the oldest entry kept. */
  private head = 0;
  private next = 0;
  private bytes = 0;

  constructor(
    public limit: number,
    public maxBytes = 64 * 1024 * 1024,
  ) {}

  add(entry: Omit<StoredEntry, "seq" | "truncated">): void {
    if (this.limit <= 0) return;
    const stored: StoredEntry = { seq: this.next++, ...entry };
    if (entry.params.length > LOG_PARAMS_BYTES) {
      stored.params = "null";
      stored.truncated = { params: Buffer.byteLength(entry.params) };
    }
    if (entry.response !== undefined && entry.response.length > LOG_RESPONSE_BYTES) {
      stored.response = undefined;
      stored.truncated = { ...stored.truncated, response: Buffer.byteLength(entry.response) };
    }
    this.entries.push(stored);
    this.bytes += cost(stored);
    while (this.entries.length - this.head > this.limit || this.bytes > this.maxBytes) {
      this.bytes -= cost(this.entries[this.head]!);
      this.entries[this.head++] = undefined;
    }
    // Drops the released slots now and then, so the array does not grow with every entry ever added.
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** JSON of up to `limit` entries after sequence number `after`, oldest first, and the seq to page on. */
  page(after: number, limit: number): string {
    const oldest = this.next - (this.entries.length - this.head);
    const first = Math.max(after + 1, oldest);
    const last = Math.min(this.next, first + limit);
    const parts: string[] = [];
    for (let seq = first; seq < last; seq++) {
      const e = this.entries[this.head + seq - oldest]!;
      const { params, response, ...plain } = e;
      const head = JSON.stringify(plain).slice(0, -1);
      parts.push(`${head},"params":${params}${response === undefined ? "" : `,"response":${response}`}}`);
    }
    const more = last < this.next ? `,"next":${last - 1}` : "";
    return `{"entries":[${parts.join(",")}]${more}}`;
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.next = 0;
    this.bytes = 0;
  }
}

/** What an entry holds in memory, near enough: its strings' lengths (no encoding pass needed). */
function cost(e: StoredEntry): number {
  return ENTRY_OVERHEAD_BYTES + e.params.length + (e.response?.length ?? 0) + e.operation.length;
}
