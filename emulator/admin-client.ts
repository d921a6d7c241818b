import type { EmulatorState, Registry, StateWithEventCounts } from "./state";
import type { Fault, LoggedRequest } from "./controls";
import type { LakeSettings } from "./lake/state";
import type { OrganizationInput } from "./organization";
import type { Organization } from "./state";

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
        ...this.authorization(),
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

  /**
   * Declares the organization CloudTrail sees: its management account and members, and its id
   * (derived from the management account when not given). Replaces one declared before; the
   * delegated administrators the management account registered stay while they are members (ORG-2).
   */
  organization(input: OrganizationInput): Promise<Organization & { delegatedAdmins: string[] }> {
    return this.call("POST", "organization", input);
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

  /**
   * The emulator's clock, and how many answers an SDK retries (throttling errors, 5xx, reset
   * connections) it has given since it started: what clients' retry quotas were spent on.
   */
  health(): Promise<{ ok: boolean; now: string; retryableAnswers: number }> {
    return this.call("GET", "health");
  }

  /** The whole state: accounts, trails, Lake resources with their stored events. */
  state(): Promise<EmulatorState>;
  /** The state with each event data store's events as their number: a cheaper snapshot to compare resources by. */
  state(options: { events: "count" }): Promise<StateWithEventCounts>;
  state(options?: { events: "count" }): Promise<EmulatorState | StateWithEventCounts> {
    return this.call("GET", options ? "state?events=count" : "state");
  }

  /** Sets Lake controls: EDS-15's switch, the simulated query run time, status transition and import phase times. */
  lake(settings: Partial<LakeSettings>): Promise<LakeSettings> {
    return this.call("POST", "lake", settings);
  }

  /** Puts an object into the emulator's object store (an import source's log file). */
  async putObject(bucket: string, key: string, body: Uint8Array | string): Promise<void> {
    const res = await fetch(this.objectUrl(bucket, key), {
      method: "PUT",
      headers: { "content-type": "application/octet-stream", ...this.authorization() },
      body,
    });
    if (!res.ok)
      throw new Error(`emulator admin PUT s3://${bucket}/${key}: ${res.status} ${await res.text()}`);
  }

  /** The bytes of an object (a query's delivered results), or undefined when there is none. */
  async getObject(bucket: string, key: string): Promise<Buffer | undefined> {
    const res = await fetch(this.objectUrl(bucket, key), { headers: this.authorization() });
    if (res.status === 404) return undefined;
    if (!res.ok)
      throw new Error(`emulator admin GET s3://${bucket}/${key}: ${res.status} ${await res.text()}`);
    return Buffer.from(await res.arrayBuffer());
  }

  /** Keys of a bucket under a prefix. */
  async listObjects(bucket: string, prefix = ""): Promise<string[]> {
    const res = await fetch(`${this.objectUrl(bucket, "")}?prefix=${encodeURIComponent(prefix)}`, {
      headers: this.authorization(),
    });
    if (!res.ok) throw new Error(`emulator admin GET s3://${bucket}/: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { keys: string[] }).keys;
  }

  private authorization(): Record<string, string> {
    return this.options.token ? { authorization: `Bearer ${this.options.token}` } : {};
  }

  private objectUrl(bucket: string, key: string): string {
    const path = [bucket, ...key.split("/")].map(encodeURIComponent).join("/");
    return `${this.url}/_emulator/s3/${path}`;
  }
}
