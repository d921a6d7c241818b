import type { Fault } from "../controls";
import type { LakeSettings } from "../lake/state";
import type { QueryRunOptions } from "../lake/query-runs";
import type { OrganizationInput } from "../organization";
import type { Registry } from "../state";

/** A credential the emulator knows: its requests' signatures are verified, and it names the account. */
export type KnownCredential = { secretAccessKey: string; account: string; username?: string };

/** How an emulator starts: its address, limits, credentials and what it holds from the start. */
export type EmulatorOptions = {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Address to bind; anything but loopback prints a warning saying what is exposed. @default "127.0.0.1" */
  host?: string;
  /** State file; written atomically after every change and read at start (events: `FILE.events`). @default none (memory only) */
  stateFile?: string;
  /** Multiplies AWS's request rates (RATE-1, RATE-2); 0 turns rate limiting off. @default 1 */
  rateScale?: number;
  /** Page size of List* operations. @default 50 */
  pageSize?: number;
  /** Account of requests signed with a key that is not in `credentials`. @default "123456789012" */
  defaultAccount?: string;
  /** Keys whose signatures are verified, by access key id. */
  credentials?: Record<string, KnownCredential>;
  /** Refuse keys not in `credentials` (UnrecognizedClientException), as AWS does. @default false */
  strictCredentials?: boolean;
  /** resources.type values accepted beyond the seed's list (AES-5). */
  extraResourceTypes?: string[];
  /** Faults scripted from the start. */
  faults?: Fault[];
  /** Resources of other services to register from the start. */
  register?: Registration;
  /** The organization CloudTrail sees from the start: its management and member accounts (ORG-2). @default none */
  organization?: OrganizationInput;
  /** Request bodies above this many bytes are refused (413) without being read (WIRE-1). @default 1048576 */
  maxBodyBytes?: number;
  /** Entries the request log keeps; older ones are dropped. @default 10000 */
  logLimit?: number;
  /**
   * Bytes the request log keeps, entries' parameters and responses counted; older entries are dropped.
   * An entry's parameters over 64 KB or response over 1 MB are kept as their size only. @default 67108864
   */
  logBytes?: number;
  /** Recorded events (LookupEvents) kept per account and region; older ones are dropped. @default 20000 */
  eventLimit?: number;
  /** When set, every admin call needs `authorization: Bearer <adminToken>`. @default none */
  adminToken?: string;
  /** Lake controls (EDS-15, simulated query, transition and import times, the query time limit). */
  lake?: Partial<LakeSettings>;
  /**
   * Host names answered beyond localhost, the loopback addresses and the bound address (a container's
   * name, say); `.example.test` allows a domain and its subdomains. Any other Host header is refused
   * (403) against DNS rebinding. @default none
   */
  allowedHosts?: string[];
  /** The Lake query engine's bounds: DuckDB's memory and temp-disk limits, the result budget. */
  queryEngine?: QueryRunOptions;
};

/** A started emulator: where it listens, and how to stop it. */
export type RunningEmulator = {
  /** Base URL, for the AWS SDK's `endpoint`. */
  url: string;
  /** The port it listens on. */
  port: number;
  /** Closes every connection, stops listening and closes the query engine. */
  stop(): Promise<void>;
};

/** Resources of other services to register, and accounts that manage an organization (TRAIL-6). */
export type Registration = Partial<Registry> & { organizationAccounts?: string[] };
