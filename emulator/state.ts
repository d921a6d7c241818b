import type { AdvancedEventSelector, EventSelector, InsightSelector } from "./rules/selectors";
import type { Tag } from "./rules/names";
import {
  emptyLakeState,
  snapshotLake,
  type EventDataStoreRecord,
  type LakeRegionState,
  type LakeState,
} from "./lake/state";
import type { SigningKey, TrailDelivery } from "./delivery/records";
import { table } from "./table";

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

/** The organization as declared through the admin endpoint (`EmulatorAdmin.organization`; emulator/organization.ts). */
export type Organization = {
  /** `o-` and 10 to 32 lowercase letters or digits. */
  id: string;
  managementAccount: string;
  /** Member accounts besides the management account. */
  memberAccounts: string[];
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

/** Drops the oldest events beyond the limit. */
export function capEvents(events: RecordedEvent[], limit: number): void {
  if (events.length > limit) events.splice(0, events.length - limit);
}
