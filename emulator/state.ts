import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import type { AdvancedEventSelector, EventSelector, InsightSelector } from "./rules/selectors";
import type { Tag } from "./rules/names";
import { emptyLakeState, type LakeState } from "./lake/state";

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
  Tags: Tag[];
};

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
};

export type AccountState = {
  /** Trails of every region of the account, keyed by ARN; a region sees its own and multi-region ones. */
  trails: Record<string, TrailRecord>;
  /** Recorded events, per region. */
  events: Record<string, RecordedEvent[]>;
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
  /** Event data stores, channels, queries, imports and the object store (emulator/lake/). */
  lake: LakeState;
};

export function emptyState(): EmulatorState {
  return {
    accounts: {},
    registry: { s3Buckets: [], kmsKeys: [], snsTopics: [], iamRoles: [], logGroups: [] },
    organizationAccounts: [],
    lake: emptyLakeState(),
  };
}

export function accountState(state: EmulatorState, account: string): AccountState {
  state.accounts[account] ??= { trails: {}, events: {} };
  return state.accounts[account];
}

export function loadState(file: string): EmulatorState {
  if (!existsSync(file)) return emptyState();
  return { ...emptyState(), ...(JSON.parse(readFileSync(file, "utf8")) as Partial<EmulatorState>) };
}

/**
 * Writes the state to a temporary file, flushes it to disk, then renames it over the old one:
 * a crash at any point leaves either the old file or the new one, never a torn write.
 */
export function saveState(file: string, state: EmulatorState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
