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
