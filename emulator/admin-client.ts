import type { EmulatorState, Registry } from "./state";
import type { Fault, LoggedRequest } from "./controls";

/** A client for the emulator's admin endpoint (`/_emulator/…`), which is not part of the AWS API. */
export class EmulatorAdmin {
  /** `token`: the emulator's admin token, when it was started with one (`--admin-token`). */
  constructor(
    private readonly url: string,
    private readonly options: { token?: string } = {},
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/_emulator/${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`emulator admin ${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Forgets every resource, fault and log entry. */
  reset(): Promise<void> {
    return this.call("POST", "reset");
  }

  /** Scripts a fault for the next `count` calls of an operation ("*" for any). */
  fault(fault: Fault): Promise<Fault[]> {
    return this.call("POST", "faults", fault);
  }

  clearFaults(): Promise<void> {
    return this.call("DELETE", "faults");
  }

  /** Moves the emulator's clock forward. */
  async advanceClock(seconds: number): Promise<Date> {
    return new Date((await this.call<{ now: string }>("POST", "clock", { advanceSeconds: seconds })).now);
  }

  /** Registers resources of other services so that existence checks find them. */
  register(resources: Partial<Registry> & { organizationAccounts?: string[] }): Promise<unknown> {
    return this.call("POST", "register", resources);
  }

  configure(config: {
    rateScale?: number;
    pageSize?: number;
    extraResourceTypes?: string[];
  }): Promise<unknown> {
    return this.call("POST", "config", config);
  }

  /** Makes a key known: its signatures are verified and it maps to `account`. */
  addCredential(credential: {
    accessKeyId: string;
    secretAccessKey: string;
    account: string;
    username?: string;
  }) {
    return this.call<unknown>("POST", "credentials", credential);
  }

  /** The request log, oldest first, fetched page by page (the emulator keeps the last `logLimit` entries). */
  async log(): Promise<LoggedRequest[]> {
    const entries: LoggedRequest[] = [];
    let after = -1;
    for (;;) {
      const page = await this.logPage({ after });
      entries.push(...page.entries);
      if (page.next === undefined) return entries;
      after = page.next;
    }
  }

  /** One page of the request log: entries after sequence number `after` (default: from the oldest kept). */
  logPage(
    query: { after?: number; limit?: number } = {},
  ): Promise<{ entries: LoggedRequest[]; next?: number }> {
    const params = new URLSearchParams();
    if (query.after !== undefined) params.set("after", String(query.after));
    if (query.limit !== undefined) params.set("limit", String(query.limit));
    return this.call("GET", `log?${params}`);
  }

  clearLog(): Promise<void> {
    return this.call("DELETE", "log");
  }

  state(): Promise<EmulatorState> {
    return this.call("GET", "state");
  }
}
