import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import type { AdvancedEventSelector, EventSelector, InsightSelector } from "./rules/selectors";
import type { Tag } from "./rules/names";
import {
  emptyLakeState,
  reviveLake,
  snapshotLake,
  type EventDataStoreRecord,
  type LakeRegionState,
  type LakeState,
} from "./lake/state";
import { LakeFiles } from "./lake/persistence";
import { checkStateDirectory, checkStateShape, readJsonFile } from "./state-file";
import type { StoreAppend } from "./context";
import type { SigningKey } from "./delivery/signing-keys";
import type { TrailDelivery } from "./delivery/trail-delivery";
import type { Organization } from "./organization";

/** A trail as the emulator holds it: the API's Trail shape plus status, selectors and tags. */
export type TrailRecord = {
  Name: string;
  S3BucketName: string;
  S3KeyPrefix?: string;
  SnsTopicName?: string;
  SnsTopicARN?: string;
  IncludeGlobalServiceEvents: boolean;
  IsMultiRegionTrail: boolean;
  HomeRegion: string;
  TrailARN: string;
  LogFileValidationEnabled: boolean;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  KmsKeyId?: string;
  IsOrganizationTrail: boolean;
  IsLogging: boolean;
  StartLoggingTime?: number;
  StopLoggingTime?: number;
  EventSelectors?: EventSelector[];
  AdvancedEventSelectors?: AdvancedEventSelector[];
  HasCustomEventSelectors: boolean;
  InsightSelectors: InsightSelector[];
  /** Event aggregation (AGG-*); absent or empty when off. */
  AggregationConfigurations?: AggregationConfiguration[];
  Tags: Tag[];
  /** Where delivery of log and digest files stands (emulator/delivery/); absent until the trail first logs. */
  Delivery?: TrailDelivery;
};

/** One aggregation of a trail's events (AGG-1, AGG-2). */
export type AggregationConfiguration = { EventCategory: string; Templates: string[] };

/** A management event recorded for LookupEvents. Times are epoch milliseconds. */
export type RecordedEvent = {
  EventId: string;
  EventName: string;
  ReadOnly: "true" | "false";
  AccessKeyId: string;
  EventTime: number;
  EventSource: string;
  Username: string;
  Resources: { ResourceType: string; ResourceName: string }[];
  CloudTrailEvent: string;
  /** A data event (an S3 object call): trails deliver it; LookupEvents does not show it. */
  DataEvent?: true;
};

/**
 * One account's state. Tables are keyed by client input (ARNs, regions), so they are
 * null-prototype objects: no key can resolve an Object.prototype member.
 */
export type AccountState = {
  /** Trails of every region of the account, keyed by ARN; a region sees its own and multi-region ones. */
  trails: Record<string, TrailRecord>;
  /**
   * Recorded events, per region, oldest first; capped (EmulatorOptions.eventLimit) and persisted
   * apart from the rest (an append-only journal), so they are not part of a transaction's snapshot.
   */
  events: Record<string, RecordedEvent[]>;
  /** An organization's management account only: its CloudTrail delegated administrators (ORG-4). */
  delegatedAdmins?: string[];
};

/** Resources of other services whose existence CloudTrail checks. A kind with none registered accepts any name. */
export type Registry = {
  s3Buckets: string[];
  kmsKeys: string[];
  snsTopics: string[];
  iamRoles: string[];
  logGroups: string[];
};

export type EmulatorState = {
  accounts: Record<string, AccountState>;
  registry: Registry;
  /** Accounts that are an organization's management (or delegated admin) account (TRAIL-6). */
  organizationAccounts: string[];
  /** The organization declared through the admin endpoint (emulator/organization.ts); none by default. */
  organization?: Organization;
  /** Event data stores, channels, queries, imports and the object store (emulator/lake/). */
  lake: LakeState;
  /** The key pairs digest files are signed with, per region (ListPublicKeys). */
  signingKeys: Record<string, SigningKey[]>;
};

/** {@link EmulatorState} with each event data store's events as their number (admin `GET state?events=count`). */
export type StateWithEventCounts = Omit<EmulatorState, "lake"> & {
  lake: Omit<LakeState, "regions"> & {
    regions: Record<
      string,
      Omit<LakeRegionState, "stores"> & {
        stores: Record<string, Omit<EventDataStoreRecord, "events"> & { events: number }>;
      }
    >;
  };
};

/** An empty null-prototype table. */
export function table<T>(entries: Record<string, T> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

export function emptyState(): EmulatorState {
  return {
    accounts: table(),
    registry: { s3Buckets: [], kmsKeys: [], snsTopics: [], iamRoles: [], logGroups: [] },
    organizationAccounts: [],
    lake: emptyLakeState(),
    signingKeys: table(),
  };
}

export function accountState(state: EmulatorState, account: string): AccountState {
  state.accounts[account] ??= { trails: table(), events: table() };
  return state.accounts[account];
}

/**
 * Takes a copy of an account's state, events aside (they are only appended, after the operation);
 * the returned function puts the copy back. The router wraps every mutating operation in one, so an
 * operation either applies completely or changes nothing. State added to AccountState is covered, and
 * so are the account's Lake resources (snapshotLake).
 */
export function snapshotAccount(state: EmulatorState, account: string): () => void {
  const restoreLake = snapshotLake(state.lake, account);
  const existed = account in state.accounts;
  const current = accountState(state, account);
  const { events, ...rest } = current;
  const copy = structuredClone(rest);
  return () => {
    restoreLake();
    if (!existed) {
      delete state.accounts[account];
      return;
    }
    // Delivery runs between requests, also while an operation awaits (StartQuery): what it
    // delivered meanwhile stands, so each trail keeps its current delivery cursor.
    const delivered = new Map(Object.entries(current.trails).map(([arn, t]) => [arn, t.Delivery]));
    for (const key of Object.keys(rest)) {
      (current as Record<string, unknown>)[key] = reviveTables((copy as Record<string, unknown>)[key]);
    }
    for (const [arn, delivery] of delivered) if (current.trails[arn]) current.trails[arn].Delivery = delivery;
    current.events = events;
  };
}

/** structuredClone and JSON.parse give objects with a prototype; the state's tables have none. */
function reviveTables(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return table(value as Record<string, unknown>);
}

/** A recorded event as the journal stores it: one JSON line each. */
type JournalLine = { a: string; r: string; e: RecordedEvent };

/**
 * The state file and its event journals. The file (`--state FILE`) holds everything but recorded
 * events, stored Lake events and objects, and is rewritten atomically after each change; recorded
 * events are appended to `FILE.events`, one line each, and that journal is rewritten only when it
 * has grown to twice the events kept, so a change never rewrites the event history. Lake keeps its
 * stored events and objects beside it the same way (LakeFiles).
 */
export class StateStore {
  private journalLines = 0;
  private readonly lakeFiles: LakeFiles;

  constructor(
    private readonly file: string,
    private readonly eventLimit: number,
  ) {
    this.lakeFiles = new LakeFiles(file);
  }

  private get journal(): string {
    return `${this.file}.events`;
  }

  /**
   * Reads the state and its journal (a torn last line is skipped); removes stale temporary files. A
   * missing directory, or a state file that is not one the emulator wrote, is a StateFileError.
   */
  load(): EmulatorState {
    checkStateDirectory(this.file);
    removeStaleTemps(this.file);
    const state = emptyState();
    if (existsSync(this.file)) {
      const parsed = readJsonFile(this.file);
      checkStateShape(this.file, parsed);
      const saved = parsed as Partial<EmulatorState>;
      if (saved.registry) state.registry = { ...state.registry, ...saved.registry };
      state.organizationAccounts = saved.organizationAccounts ?? [];
      state.organization = saved.organization;
      state.lake = reviveLake(saved.lake);
      state.signingKeys = table(saved.signingKeys ?? {});
      for (const [id, account] of Object.entries(saved.accounts ?? {})) {
        const loaded = accountState(state, id);
        loaded.trails = table(account.trails);
        if (account.delegatedAdmins) loaded.delegatedAdmins = account.delegatedAdmins;
        // State files written before the journal kept events inline.
        for (const [region, events] of Object.entries(account.events ?? {})) loaded.events[region] = events;
      }
    }
    if (existsSync(this.journal)) {
      for (const entry of readJournal<JournalLine>(this.journal)) {
        (accountState(state, entry.a).events[entry.r] ??= []).push(entry.e);
        this.journalLines++;
      }
      for (const account of Object.values(state.accounts)) {
        for (const events of Object.values(account.events)) capEvents(events, this.eventLimit);
      }
    }
    this.lakeFiles.load(state.lake);
    return state;
  }

  /** Rewrites the state file, events aside. */
  save(state: EmulatorState): void {
    const accounts = table<Omit<AccountState, "events"> & { events: undefined }>();
    for (const [id, account] of Object.entries(state.accounts))
      accounts[id] = { ...account, events: undefined };
    writeAtomically(
      this.file,
      JSON.stringify({ ...state, accounts, lake: this.lakeFiles.saved(state.lake) }),
    );
    this.lakeFiles.saveObjects(state.lake);
  }

  /**
   * Makes what an operation did durable before it is answered: first the events it added to stores
   * (appended to the Lake journal), then the state file (or, for `events only`, the objects that
   * changed). When a write fails the journal is cut back to where it was, so a failed operation
   * leaves nothing behind that a restart would bring back, and the error goes to the caller.
   */
  commit(state: EmulatorState, appended: readonly StoreAppend[], scope: "state" | "events only"): void {
    const mark = this.lakeFiles.mark();
    try {
      this.lakeFiles.append(appended);
      if (scope === "state") this.save(state);
      else this.lakeFiles.saveObjects(state.lake);
    } catch (e) {
      this.lakeFiles.truncate(mark);
      throw e;
    }
    try {
      this.lakeFiles.compactIfDue(state.lake);
    } catch (e) {
      // The journal as appended is complete; a rewrite that failed left it as it was.
      console.error(`cloudtrail-emulator: could not compact the Lake journal: ${(e as Error).message}`);
    }
  }

  /** Appends one recorded event to the journal; compacts the journal when it is twice the events kept. */
  appendEvent(state: EmulatorState, account: string, region: string, event: RecordedEvent): void {
    appendFileSync(this.journal, `${JSON.stringify({ a: account, r: region, e: event })}\n`);
    this.journalLines++;
    let kept = 0;
    for (const a of Object.values(state.accounts)) for (const e of Object.values(a.events)) kept += e.length;
    if (this.journalLines > 2 * Math.max(kept, 1000)) this.compact(state);
  }

  /** Rewrites Lake's journal with only the events stores hold, and its objects file. */
  compactLake(state: EmulatorState): void {
    this.lakeFiles.compact(state.lake);
    this.lakeFiles.saveObjects(state.lake, true);
  }

  /** Rewrites the journal with only the events kept in memory. */
  compact(state: EmulatorState): void {
    const lines: string[] = [];
    for (const [a, account] of Object.entries(state.accounts)) {
      for (const [r, events] of Object.entries(account.events)) {
        for (const e of events) lines.push(`${JSON.stringify({ a, r, e })}\n`);
      }
    }
    writeAtomically(this.journal, lines.join(""));
    this.journalLines = lines.length;
  }
}

/** The entries of a journal of JSON lines; a line that does not parse (a torn last one) is skipped. */
export function readJournal<T>(file: string): T[] {
  const entries: T[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    try {
      entries.push(JSON.parse(line) as T);
    } catch {
      continue;
    }
  }
  return entries;
}

/** Drops the oldest events beyond the limit. */
export function capEvents(events: RecordedEvent[], limit: number): void {
  if (events.length > limit) events.splice(0, events.length - limit);
}

const TEMP_SUFFIX = ".tmp";

/**
 * Writes to a new temporary file beside the target, created exclusively (`wx`: never through a
 * symlink or over another writer's file), flushes it, then renames it over the target: a crash
 * leaves the old file or the new one, never a torn one. The temporary file is removed on failure.
 */
export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}${TEMP_SUFFIX}`;
  const fd = openSync(tmp, "wx", 0o600);
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

/** Temporary files a killed emulator left beside the state file: those whose process is gone. */
function removeStaleTemps(file: string): void {
  const dir = dirname(file);
  if (!existsSync(dir)) return;
  const prefix = `${basename(file)}.`;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    const pid = Number(/\.(\d+)\.(?:[0-9a-f]{12}\.)?tmp$/.exec(name)?.[1]);
    if (pid && pid !== process.pid && isAlive(pid)) continue;
    unlinkSync(join(dir, name));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
