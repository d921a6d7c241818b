/**
 * What one emulator holds: its state, its settings, the controls the admin API drives (clock,
 * faults, rate limits, request log), the Lake query engine and the state file. One per `start()`:
 * two emulators in one process share none of it.
 */
import { Clock } from "../clock";
import { FaultScript, RateLimiter, RequestLog } from "../controls";
import { DEFAULT_LAKE_SETTINGS, type LakeSettings } from "../lake/state";
import { QueryRuns } from "../lake/query-runs";
import { organizationFrom } from "../organization";
import { StateStore } from "../persistence/state-store";
import { SEED_RESOURCE_TYPES } from "../rules/selectors";
import { emptyState, type EmulatorState, type Registry } from "../state";
import type { EmulatorOptions, KnownCredential, Registration } from "./options";

/** The settings the admin API may change; a reset puts back those the emulator started with. */
export type Settings = {
  pageSize: number;
  defaultAccount: string;
  credentials: Map<string, KnownCredential>;
  resourceTypes: string[];
  lake: LakeSettings;
};

/** The kinds of resource of other services the registry holds. */
export const REGISTRY_KINDS: (keyof Registry)[] = [
  "s3Buckets",
  "kmsKeys",
  "snsTopics",
  "iamRoles",
  "logGroups",
];

/** One emulator's state, settings and controls; the admin API changes them, `reset` puts them back. */
export class EmulatorInstance {
  readonly clock = new Clock();
  readonly faults = new FaultScript();
  readonly limiter: RateLimiter;
  readonly log: RequestLog;
  readonly lakeQueries: QueryRuns;
  /** The state file, with `--state`; memory only without. */
  readonly store?: StateStore;
  /** Request bodies above this many bytes are refused unread (WIRE-1). */
  readonly maxBodyBytes: number;
  /** Recorded events kept per account and region. */
  readonly eventLimit: number;
  state: EmulatorState;
  settings: Settings;
  /**
   * Answers an SDK retries (throttling, 5xx, a reset connection) since start: what a client's retry
   * quota is spent on (admin `GET health`).
   */
  retryableAnswers = 0;

  constructor(readonly options: EmulatorOptions) {
    this.limiter = new RateLimiter(options.rateScale ?? 1);
    for (const f of options.faults ?? []) this.faults.add(f);
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    this.eventLimit = options.eventLimit ?? 20_000;
    this.store = options.stateFile ? new StateStore(options.stateFile, this.eventLimit) : undefined;
    this.state = this.store ? this.store.load() : emptyState();
    this.settings = this.initialSettings();
    this.log = new RequestLog(options.logLimit ?? 10_000, options.logBytes ?? 64 * 1024 * 1024);
    this.lakeQueries = new QueryRuns(options.queryEngine);
    this.register(options.register ?? {});
    if (options.organization) this.state.organization = organizationFrom(options.organization);
  }

  private initialSettings(): Settings {
    const { options } = this;
    return {
      pageSize: options.pageSize ?? 50,
      defaultAccount: options.defaultAccount ?? "123456789012",
      credentials: new Map(Object.entries(options.credentials ?? {})),
      resourceTypes: [...SEED_RESOURCE_TYPES, ...(options.extraResourceTypes ?? [])],
      lake: { ...DEFAULT_LAKE_SETTINGS, ...(options.lake ?? {}) },
    };
  }

  /** Adds resources of other services, and organization accounts, to what the emulator knows. */
  register(input: Registration): void {
    const { state } = this;
    for (const kind of REGISTRY_KINDS) {
      const names = input[kind];
      if (names) state.registry[kind] = [...new Set([...state.registry[kind], ...names])];
    }
    if (input.organizationAccounts) {
      state.organizationAccounts = [
        ...new Set([...state.organizationAccounts, ...input.organizationAccounts]),
      ];
    }
  }

  /** Back to how it started, empty: state, settings, faults, rate limits, the log and the state file. */
  reset(): void {
    this.state = emptyState();
    this.lakeQueries.reset();
    this.register(this.options.register ?? {});
    if (this.options.organization) this.state.organization = organizationFrom(this.options.organization);
    this.settings = this.initialSettings();
    this.limiter.scale = this.options.rateScale ?? 1;
    this.log.clear();
    this.faults.clear();
    this.limiter.reset();
    this.store?.save(this.state);
    this.store?.compact(this.state);
    this.store?.compactLake(this.state);
  }

  /** Adds a request log entry, stamped with the emulated clock. */
  logRequest(entry: Omit<Parameters<RequestLog["add"]>[0], "time">): void {
    this.log.add({ time: this.clock.now().toISOString(), ...entry });
  }
}
