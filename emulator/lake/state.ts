import type { AdvancedEventSelector, InsightSelector } from "../rules/selectors";
import type { Tag } from "../rules/names";
import { table } from "../table";

/**
 * One event as a store holds it: a CloudTrail record as trails deliver it (eventTime as an ISO
 * string, userIdentity, resources, …), or for a channel `{ eventData, metadata }`.
 */
export type LakeEvent = Record<string, unknown>;

/** Status a store is put in by a call; a transient one becomes its successor after the transition time. */
export type StorePhase =
  | "CREATED"
  | "ENABLED"
  | "STARTING_INGESTION"
  | "STOPPING_INGESTION"
  | "STOPPED_INGESTION"
  | "PENDING_DELETION";

export type ContextKeySelector = { Type: string; Equals: string[] };

/** An event data store: the API's settings plus status, events and the configuration attached to it. Times are epoch ms. */
export type EventDataStoreRecord = {
  EventDataStoreArn: string;
  Name: string;
  Region: string;
  AdvancedEventSelectors: AdvancedEventSelector[];
  MultiRegionEnabled: boolean;
  OrganizationEnabled: boolean;
  RetentionPeriod: number;
  TerminationProtectionEnabled: boolean;
  KmsKeyId?: string;
  BillingMode: "EXTENDABLE_RETENTION_PRICING" | "FIXED_RETENTION_PRICING";
  CreatedTimestamp: number;
  UpdatedTimestamp: number;
  phase: StorePhase;
  phaseAt: number;
  /** The phase a restore returns to (EDS-5). */
  phaseBeforeDelete?: StorePhase;
  deletedAt?: number;
  FederationRoleArn?: string;
  federated: boolean;
  /** When federation was last turned on or off: ENABLING and DISABLING last the transition time. */
  federationChangedAt?: number;
  Tags: Tag[];
  InsightSelectors: InsightSelector[];
  InsightsDestination?: string;
  ResourcePolicy?: string;
  MaxEventSize?: "Standard" | "Large";
  ContextKeySelectors?: ContextKeySelector[];
  events: LakeEvent[];
};

export type ChannelRecord = {
  ChannelArn: string;
  Name: string;
  Source: string;
  Destinations: { Type: string; Location: string }[];
  Tags: Tag[];
  ResourcePolicy?: string;
  ingestion: {
    LatestIngestionSuccessTime?: number;
    LatestIngestionSuccessEventID?: string;
    LatestIngestionErrorCode?: string;
    LatestIngestionAttemptTime?: number;
    LatestIngestionAttemptEventID?: string;
  };
};

/** A widget of a dashboard as CloudTrail reports it: its query and how it is shown. */
export type DashboardWidget = {
  /** Assigned by CloudTrail: names the widget's query in a refresh (DescribeQuery's QueryAlias). */
  QueryAlias: string;
  QueryStatement: string;
  QueryParameters?: string[];
  ViewProperties: Record<string, string>;
};

/** A dashboard's refresh schedule (DASH-4). */
export type DashboardSchedule = {
  Frequency?: { Unit: "HOURS" | "DAYS"; Value: number };
  Status: "ENABLED" | "DISABLED";
  TimeOfDay: string;
};

/** A Lake dashboard (DASH-1). Times are epoch ms. */
export type DashboardRecord = {
  DashboardArn: string;
  Name: string;
  Type: "CUSTOM" | "MANAGED";
  Status: "CREATED" | "UPDATED";
  Widgets: DashboardWidget[];
  RefreshSchedule?: DashboardSchedule;
  TerminationProtectionEnabled: boolean;
  CreatedTimestamp: number;
  UpdatedTimestamp: number;
  Tags: Tag[];
  ResourcePolicy?: string;
  LastRefreshId?: string;
  LastRefreshFailureReason?: string;
  /** The query each widget ran in the last refresh, by QueryAlias. */
  lastRefreshQueries?: Record<string, string>;
  /** Until when scheduled refreshes have been accounted for (DASH-5). */
  scheduledUntil: number;
};

/**
 * A query as the state keeps it. Its run (status, statistics, rows) lives in memory only
 * (QueryRuns): results are never written to the state file.
 */
export type QueryRecord = {
  QueryId: string;
  QueryString: string;
  /** ARNs of the stores the statement reads. */
  stores: string[];
  CreationTime: number;
  /** When the simulated run ends (epoch ms on the emulator's clock). */
  finishesAt: number;
  cancelled: boolean;
  DeliveryS3Uri?: string;
  DeliveryStatus?: string;
  /** The prompt of the GenerateQuery alias the query was started by. */
  Prompt?: string;
};

/** A query template GenerateQuery made, which StartQuery runs by its alias. */
export type QueryAliasRecord = {
  QueryAlias: string;
  QueryStatement: string;
  Prompt: string;
  CreatedTimestamp: number;
};

export type ImportRecord = {
  ImportId: string;
  Destinations: string[];
  ImportSource: { S3: { S3LocationUri: string; S3BucketRegion: string; S3BucketAccessRoleArn: string } };
  StartEventTime?: number;
  EndEventTime?: number;
  status: "INITIALIZING" | "IN_PROGRESS" | "COMPLETED" | "FAILED" | "STOPPED";
  /** When the current run started, on the emulator's clock; progress is judged from it. */
  startedAt: number;
  CreatedTimestamp: number;
  UpdatedTimestamp: number;
  statistics: {
    PrefixesFound: number;
    PrefixesCompleted: number;
    FilesCompleted: number;
    EventsCompleted: number;
    FailedEntries: number;
  };
  failures: {
    Location: string;
    Status: string;
    ErrorType: string;
    ErrorMessage: string;
    LastUpdatedTime: number;
  }[];
};

/** An object of the object store: its bytes (base64), Last-Modified (epoch ms), ETag, S3 metadata and content type. */
export type StoredObject = {
  body: string;
  modified: number;
  /** MD5 of the bytes, hex (S3's ETag of a single-part upload); absent in objects files of older versions. */
  etag?: string;
  meta?: Record<string, string>;
  contentType?: string;
};

/** Lake resources of one account in one region. */
export type LakeRegionState = {
  stores: Record<string, EventDataStoreRecord>;
  channels: Record<string, ChannelRecord>;
  queries: Record<string, QueryRecord>;
  imports: Record<string, ImportRecord>;
  /** By ARN. */
  dashboards: Record<string, DashboardRecord>;
  /** Keyed by alias; the oldest is dropped past a bound (sample-queries.ts). */
  queryAliases: Record<string, QueryAliasRecord>;
};

/** Everything Lake: kept apart from the trail state so each family persists and resets on its own. */
export type LakeState = {
  /** Keyed by `<account>/<region>`. */
  regions: Record<string, LakeRegionState>;
  /** Accounts that have ever had an event data store (EDS-15). */
  customers: string[];
  /** The S3-like object store: bucket -> key -> object. */
  objects: Record<string, Record<string, StoredObject>>;
  /** Counts changes to `objects`, so that `--state` rewrites its objects file only after one. */
  objectsVersion: number;
};

/** Lake tables are keyed by client input (ARNs, ids, bucket names), so they are null-prototype objects. */
export function emptyLakeState(): LakeState {
  return { regions: table(), customers: [], objects: table(), objectsVersion: 0 };
}

function emptyRegion(): LakeRegionState {
  return {
    stores: table(),
    channels: table(),
    queries: table(),
    imports: table(),
    dashboards: table(),
    queryAliases: table(),
  };
}

export function lakeRegion(lake: LakeState, account: string, region: string): LakeRegionState {
  const key = `${account}/${region}`;
  if (!Object.hasOwn(lake.regions, key)) lake.regions[key] = emptyRegion();
  return lake.regions[key];
}

/** Lake state as read back from a state file: its tables made null-prototype again. */
export function reviveLake(saved: Partial<LakeState> | undefined): LakeState {
  const lake = emptyLakeState();
  if (!saved) return lake;
  lake.customers = saved.customers ?? [];
  for (const [key, region] of Object.entries(saved.regions ?? {})) {
    lake.regions[key] = {
      stores: table(region.stores),
      channels: table(region.channels),
      queries: table(
        Object.fromEntries(Object.entries(region.queries ?? {}).map(([id, q]) => [id, savedQuery(q)])),
      ),
      imports: table(region.imports),
      // State files written before dashboards have none.
      dashboards: table(region.dashboards),
      queryAliases: table(region.queryAliases),
    };
  }
  return lake;
}

/** A query record as saved; state files written before results left them kept rows: dropped here. */
function savedQuery(q: QueryRecord): QueryRecord {
  const {
    QueryId,
    QueryString,
    stores,
    CreationTime,
    finishesAt,
    cancelled,
    DeliveryS3Uri,
    DeliveryStatus,
    Prompt,
  } = q;
  return {
    QueryId,
    QueryString,
    stores,
    CreationTime,
    finishesAt,
    cancelled,
    DeliveryS3Uri,
    DeliveryStatus,
    Prompt,
  };
}

/**
 * Takes a copy of an account's Lake resources for a transaction; the returned function puts it back.
 * Stored events are only ever appended, so they are not copied: the restore cuts each store's events
 * back to the length they had. Queries are flat records (their results live in QueryRuns), so
 * they are copied shallowly. The object store is not covered: only reads deliver to it.
 */
export function snapshotLake(lake: LakeState, account: string): () => void {
  const prefix = `${account}/`;
  const customers = [...lake.customers];
  const saved = new Map<string, LakeRegionState>();
  const lengths = new Map<LakeEvent[], number>();
  for (const [key, region] of Object.entries(lake.regions)) {
    if (!key.startsWith(prefix)) continue;
    const copy = emptyRegion();
    for (const [arn, store] of Object.entries(region.stores)) {
      const { events, ...rest } = store;
      lengths.set(events, events.length);
      copy.stores[arn] = { ...structuredClone(rest), events };
    }
    for (const [arn, channel] of Object.entries(region.channels))
      copy.channels[arn] = structuredClone(channel);
    for (const [id, query] of Object.entries(region.queries)) copy.queries[id] = { ...query };
    for (const [id, imp] of Object.entries(region.imports)) copy.imports[id] = structuredClone(imp);
    for (const [arn, dashboard] of Object.entries(region.dashboards))
      copy.dashboards[arn] = structuredClone(dashboard);
    for (const [alias, record] of Object.entries(region.queryAliases))
      copy.queryAliases[alias] = { ...record };
    saved.set(key, copy);
  }
  return () => {
    lake.customers = customers;
    for (const key of Object.keys(lake.regions)) {
      if (key.startsWith(prefix) && !saved.has(key)) delete lake.regions[key];
    }
    for (const [key, copy] of saved) {
      for (const store of Object.values(copy.stores)) store.events.length = lengths.get(store.events) ?? 0;
      lake.regions[key] = copy;
    }
  };
}

/** Lake behaviour the emulator's controls set (CLI flags and the admin endpoint). */
export type LakeSettings = {
  /** EDS-15: refuse CreateEventDataStore from accounts that never had a store. @default false */
  closedToNewCustomers: boolean;
  /** How long a query stays RUNNING on the emulator's clock; 0 finishes it by the first DescribeQuery. @default 0 */
  queryRunSeconds: number;
  /**
   * Wall time a query may execute before the engine interrupts it and it ends TIMED_OUT. Lake's own
   * limit is one hour; an emulator's stores are small, so honest queries end in well under a
   * second and a minute bounds what a runaway one costs.
   * @default 60
   */
  queryTimeoutSeconds: number;
  /** How long CREATED, STARTING_INGESTION and STOPPING_INGESTION last on the emulator's clock. @default 0 */
  transitionSeconds: number;
  /** How long an import stays in each of INITIALIZING and IN_PROGRESS on the emulator's clock. @default 60 */
  importPhaseSeconds: number;
  /**
   * JSON bytes of stored events one account's stores hold together; events past it are refused
   * (PutAuditEvents: a Throttling failure of the event; imports: a failure entry). @default 268435456
   */
  accountEventBytes: number;
  /** Bytes the object store holds (as base64), every bucket together; a put past it is refused. @default 536870912 */
  objectBytes: number;
};

export const DEFAULT_LAKE_SETTINGS: LakeSettings = {
  closedToNewCustomers: false,
  queryRunSeconds: 0,
  queryTimeoutSeconds: 60,
  transitionSeconds: 0,
  importPhaseSeconds: 60,
  accountEventBytes: 256 * 1024 * 1024,
  objectBytes: 512 * 1024 * 1024,
};

/** Merges admin input into the Lake settings; a value of the wrong type or range is an error. */
export function mergeLakeSettings(current: LakeSettings, input: Record<string, unknown>): LakeSettings {
  const next = { ...current };
  if (input.closedToNewCustomers !== undefined) {
    if (typeof input.closedToNewCustomers !== "boolean")
      throw new Error("closedToNewCustomers takes a boolean");
    next.closedToNewCustomers = input.closedToNewCustomers;
  }
  for (const key of [
    "queryRunSeconds",
    "queryTimeoutSeconds",
    "transitionSeconds",
    "importPhaseSeconds",
  ] as const) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 86_400 * 365)
      throw new Error(`${key} takes a number of seconds from 0 to one year`);
    next[key] = v;
  }
  return next;
}

/**
 * Where a running import is on the emulator's clock (IMP-4): INITIALIZING for the first phase,
 * IN_PROGRESS for the second, then due to complete. Finished imports keep their status.
 */
export function importPhase(
  imp: ImportRecord,
  nowMs: number,
  phaseSeconds: number,
): ImportRecord["status"] | "DUE" {
  if (imp.status !== "INITIALIZING" && imp.status !== "IN_PROGRESS") return imp.status;
  const elapsed = nowMs - imp.startedAt;
  if (elapsed < phaseSeconds * 1000) return "INITIALIZING";
  if (elapsed < 2 * phaseSeconds * 1000) return "IN_PROGRESS";
  return "DUE";
}
