import type { LoggedRequest } from "./server";
import type { EmulatorState, Registry } from "./state";
import type { Fault } from "./controls";
import type { LakeSettings } from "./lake/state";

/** A client for the emulator's admin endpoint (`/_emulator/…`), which is not part of the AWS API. */
export class EmulatorAdmin {
  constructor(private readonly url: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/_emulator/${path}`, {
      method,
      headers: { "content-type": "application/json" },
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

  log(): Promise<LoggedRequest[]> {
    return this.call("GET", "log");
  }

  clearLog(): Promise<void> {
    return this.call("DELETE", "log");
  }

  state(): Promise<EmulatorState> {
    return this.call("GET", "state");
  }

  /** Sets Lake controls: EDS-15's switch, the simulated query run time, status transition and import phase times. */
  lake(settings: Partial<LakeSettings>): Promise<LakeSettings> {
    return this.call("POST", "lake", settings);
  }

  /** Puts an object into the emulator's object store (an import source's log file). */
  async putObject(bucket: string, key: string, body: Uint8Array | string): Promise<void> {
    const res = await fetch(this.objectUrl(bucket, key), { method: "PUT", body });
    if (!res.ok)
      throw new Error(`emulator admin PUT s3://${bucket}/${key}: ${res.status} ${await res.text()}`);
  }

  /** The bytes of an object (a query's delivered results), or undefined when there is none. */
  async getObject(bucket: string, key: string): Promise<Buffer | undefined> {
    const res = await fetch(this.objectUrl(bucket, key));
    if (res.status === 404) return undefined;
    if (!res.ok)
      throw new Error(`emulator admin GET s3://${bucket}/${key}: ${res.status} ${await res.text()}`);
    return Buffer.from(await res.arrayBuffer());
  }

  /** Keys of a bucket under a prefix. */
  async listObjects(bucket: string, prefix = ""): Promise<string[]> {
    const res = await fetch(`${this.objectUrl(bucket, "")}?prefix=${encodeURIComponent(prefix)}`);
    return ((await res.json()) as { keys: string[] }).keys;
  }

  private objectUrl(bucket: string, key: string): string {
    const path = [bucket, ...key.split("/")].map(encodeURIComponent).join("/");
    return `${this.url}/_emulator/s3/${path}`;
  }
}
