import { randomUUID } from "node:crypto";
import { fail } from "../errors";
import { pageToken, readPageToken, type RequestContext } from "../context";
import { checkKmsKeyId, checkTagCount, checkTags, kmsKeyArn, type Tag } from "../rules/names";
import { checkAdvancedEventSelectors, type AdvancedEventSelector } from "../rules/selectors";
import { requireManagementToConvert, requireOrganizationAdmin } from "../organization";
import {
  importPhase,
  lakeRegion,
  type EventDataStoreRecord,
  type ImportRecord,
  type StorePhase,
} from "./state";

type Json = Record<string, unknown>;

const DAY_MS = 24 * 3600 * 1000;
/** EDS-4, EDS-5: a deleted store is restorable, then purged, after this long. */
const PENDING_DELETION_MS = 7 * DAY_MS;
/** EDS-1 */
const MAX_STORES = 10;

/** EDS-13: categories of CloudTrail events, which may share a store; every other category stands alone. */
export const CLOUDTRAIL_CATEGORIES = ["Management", "Data", "NetworkActivity"];
const STORE_CATEGORIES = [...CLOUDTRAIL_CATEGORIES, "ConfigurationItem", "ActivityAuditLog", "Insight"];

/** What a store created without selectors collects: every management event (AWS's default). */
const DEFAULT_SELECTORS: AdvancedEventSelector[] = [
  { Name: "Default management events", FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] },
];

const STORE_ARN = /^arn:(aws[a-z-]*):cloudtrail:([a-z0-9-]+):(\d{12}):eventdatastore\/([A-Za-z0-9._-]+)$/;

/** The kind of table a store is for the query engine, from its category (EDS-13). */
export type StoreKind = "cloudtrail" | "channel" | "insight" | "config";

/** The stores of the request's account and region, after purging those pending deletion for 7 days (EDS-4). */
export function regionStores(ctx: RequestContext): Record<string, EventDataStoreRecord> {
  const stores = lakeRegion(ctx.state.lake, ctx.account, ctx.region).stores;
  for (const [arn, store] of Object.entries(stores)) {
    if (
      store.phase === "PENDING_DELETION" &&
      ctx.now.getTime() - (store.deletedAt ?? 0) >= PENDING_DELETION_MS
    )
      delete stores[arn];
  }
  return stores;
}

/**
 * Finds a store named by ARN or by the ID suffix of its ARN (NAME-2); EventDataStoreARNInvalidException
 * for a malformed one, EventDataStoreNotFoundException when there is none. With `active`, a store
 * pending deletion answers InactiveEventDataStoreException (EDS-4).
 */
export function findStore(ctx: RequestContext, ref: string, active = false): EventDataStoreRecord {
  if (ref.length < 3 || ref.length > 256 || !/^[a-zA-Z0-9._/\-:]+$/.test(ref)) {
    fail("EventDataStoreARNInvalidException", `The event data store ARN or ID ${ref} is not valid. (NAME-2)`);
  }
  const stores = regionStores(ctx);
  let arn: string;
  if (ref.startsWith("arn:")) {
    if (!STORE_ARN.test(ref))
      fail("EventDataStoreARNInvalidException", `The event data store ARN ${ref} is not valid. (NAME-2)`);
    arn = ref;
  } else {
    arn = storeArn(ctx, ref);
  }
  const store = Object.hasOwn(stores, arn) ? stores[arn] : undefined;
  if (!store) return fail("EventDataStoreNotFoundException", `The event data store ${ref} does not exist.`);
  if (active && store.phase === "PENDING_DELETION") {
    fail(
      "InactiveEventDataStoreException",
      `The event data store ${store.EventDataStoreArn} is pending deletion. (EDS-4)`,
    );
  }
  return store;
}

function storeArn(ctx: RequestContext, id: string): string {
  return `arn:${ctx.partition}:cloudtrail:${ctx.region}:${ctx.account}:eventdatastore/${id}`;
}

/** EDS-8: the status a store shows now; CREATED, STARTING_INGESTION and STOPPING_INGESTION last the transition time. */
export function storeStatus(ctx: RequestContext, store: EventDataStoreRecord): StorePhase {
  const settled = ctx.now.getTime() - store.phaseAt >= ctx.lake.transitionSeconds * 1000;
  switch (store.phase) {
    case "CREATED":
    case "STARTING_INGESTION":
      return settled ? "ENABLED" : store.phase;
    case "STOPPING_INGESTION":
      return settled ? "STOPPED_INGESTION" : store.phase;
    default:
      return store.phase;
  }
}

/** EDS-9: whether new events reach the store now. */
export function isIngesting(ctx: RequestContext, store: EventDataStoreRecord): boolean {
  const status = storeStatus(ctx, store);
  return status === "CREATED" || status === "ENABLED";
}

/** The event categories a store's selectors name (EDS-13). */
export function storeCategories(selectors: AdvancedEventSelector[]): string[] {
  const categories = new Set<string>();
  for (const s of selectors) {
    const fs = s.FieldSelectors.find((f) => f.Field === "eventCategory");
    for (const v of fs?.Equals ?? []) categories.add(v);
  }
  return [...categories];
}

/** The table kind of a store for the query engine (EDS-13). */
export function storeKind(store: EventDataStoreRecord): StoreKind {
  const [category] = storeCategories(store.AdvancedEventSelectors);
  if (category === "ActivityAuditLog") return "channel";
  if (category === "Insight") return "insight";
  if (category === "ConfigurationItem") return "config";
  return "cloudtrail";
}

/** AES-* with the store's categories and AES-10, then EDS-13: one schema per store. */
function checkStoreSelectors(ctx: RequestContext, selectors: AdvancedEventSelector[]): void {
  checkAdvancedEventSelectors(selectors, {
    categories: STORE_CATEGORIES,
    resourceTypes: ctx.resourceTypes,
    maxSelectors: 5,
  });
  const categories = storeCategories(selectors);
  const standalone = categories.filter((c) => !CLOUDTRAIL_CATEGORIES.includes(c));
  if (standalone.length > 0 && categories.length > 1) {
    fail(
      "InvalidEventSelectorsException",
      `Event category ${standalone[0]} cannot be combined with other categories in one event data store; got ${categories.join(", ")}. (EDS-13)`,
    );
  }
}

function checkRetention(days: number, billingMode: string): void {
  const max = billingMode === "FIXED_RETENTION_PRICING" ? 2557 : 3653;
  if (!Number.isInteger(days) || days < 7 || days > max) {
    fail(
      "InvalidParameterException",
      `RetentionPeriod ${days} is not between 7 and ${max} days for billing mode ${billingMode}. (EDS-2)`,
    );
  }
}

function checkBillingMode(mode: string): void {
  if (!["EXTENDABLE_RETENTION_PRICING", "FIXED_RETENTION_PRICING"].includes(mode)) {
    fail(
      "InvalidParameterException",
      `BillingMode ${mode} is not EXTENDABLE_RETENTION_PRICING or FIXED_RETENTION_PRICING.`,
    );
  }
}

function checkStoreName(name: string): void {
  if (name.length < 3 || name.length > 128 || !/^[a-zA-Z0-9._-]+$/.test(name)) {
    fail(
      "InvalidParameterException",
      `Event data store name ${name} is not valid: 3 to 128 characters of letters, digits, '.', '_' and '-'. (NAME-2)`,
    );
  }
}

/** NAME-5 and the registry: the ARN a store reports for its key. */
function storeKmsKey(ctx: RequestContext, keyId: string): string {
  checkKmsKeyId(keyId);
  const arn = kmsKeyArn(keyId, ctx.partition, ctx.region, ctx.account);
  const registered = ctx.state.registry.kmsKeys;
  if (registered.length > 0 && !registered.includes(keyId) && !registered.includes(arn))
    fail("KmsKeyNotFoundException", `KMS key ${keyId} does not exist.`);
  return arn;
}

const seconds = (ms: number): number => ms / 1000;

/** The settings every store response carries. */
function settingsShape(ctx: RequestContext, s: EventDataStoreRecord, status: string): Json {
  return {
    EventDataStoreArn: s.EventDataStoreArn,
    Name: s.Name,
    Status: status,
    AdvancedEventSelectors: s.AdvancedEventSelectors,
    MultiRegionEnabled: s.MultiRegionEnabled,
    OrganizationEnabled: s.OrganizationEnabled,
    RetentionPeriod: s.RetentionPeriod,
    TerminationProtectionEnabled: s.TerminationProtectionEnabled,
    CreatedTimestamp: seconds(s.CreatedTimestamp),
    UpdatedTimestamp: seconds(s.UpdatedTimestamp),
    KmsKeyId: s.KmsKeyId,
    BillingMode: s.BillingMode,
  };
}

/** EDS-10: federation goes through ENABLING or DISABLING for the transition time, as store statuses do (EDS-8). */
function federationStatus(ctx: RequestContext, s: EventDataStoreRecord): string {
  const settled =
    s.federationChangedAt === undefined ||
    ctx.now.getTime() - s.federationChangedAt >= ctx.lake.transitionSeconds * 1000;
  if (s.federated) return settled ? "ENABLED" : "ENABLING";
  return settled ? "DISABLED" : "DISABLING";
}

function federationShape(ctx: RequestContext, s: EventDataStoreRecord): Json {
  return { FederationStatus: federationStatus(ctx, s), FederationRoleArn: s.FederationRoleArn };
}

/** A federation change while the last one is still under way is refused. */
function checkFederationSettled(ctx: RequestContext, store: EventDataStoreRecord): void {
  const status = federationStatus(ctx, store);
  if (status === "ENABLING" || status === "DISABLING")
    fail(
      "ConcurrentModificationException",
      `Federation of event data store ${store.Name} is ${status}; try again once it is done. (EDS-10)`,
    );
}

type StoreSettings = {
  AdvancedEventSelectors?: AdvancedEventSelector[];
  MultiRegionEnabled?: boolean;
  OrganizationEnabled?: boolean;
  RetentionPeriod?: number;
  TerminationProtectionEnabled?: boolean;
  KmsKeyId?: string;
  BillingMode?: string;
};

export function createEventDataStore(
  ctx: RequestContext,
  p: StoreSettings & { Name: string; TagsList?: Tag[]; StartIngestion?: boolean },
): Json {
  const lake = ctx.state.lake;
  if (ctx.lake.closedToNewCustomers && !lake.customers.includes(ctx.account)) {
    fail(
      "OperationNotPermittedException",
      "CloudTrail Lake is no longer accepting new customers. Existing customers can continue to use their event data stores. (EDS-15)",
    );
  }
  checkStoreName(p.Name);
  const selectors = p.AdvancedEventSelectors ?? DEFAULT_SELECTORS;
  checkStoreSelectors(ctx, selectors);
  const billingMode = p.BillingMode ?? "EXTENDABLE_RETENTION_PRICING";
  checkBillingMode(billingMode);
  const retention = p.RetentionPeriod ?? 2557;
  checkRetention(retention, billingMode);
  const tags = p.TagsList ?? [];
  checkTags(tags);
  checkTagCount(tags.length);
  // ORG-5: the management account or a delegated administrator makes organization stores.
  if (p.OrganizationEnabled) requireOrganizationAdmin(ctx, "create an organization event data store");
  const kmsKey = p.KmsKeyId === undefined || p.KmsKeyId === "" ? undefined : storeKmsKey(ctx, p.KmsKeyId);
  const stores = Object.values(regionStores(ctx));
  if (stores.some((s) => s.Name === p.Name)) {
    fail(
      "EventDataStoreAlreadyExistsException",
      `An event data store named ${p.Name} already exists. (EDS-1)`,
    );
  }
  if (stores.length >= MAX_STORES) {
    fail(
      "EventDataStoreMaxLimitExceededException",
      `Account ${ctx.account} already has ${MAX_STORES} event data stores in ${ctx.region}, counting those pending deletion. (EDS-1)`,
    );
  }
  const now = ctx.now.getTime();
  const phase: StorePhase = p.StartIngestion === false ? "STOPPED_INGESTION" : "CREATED";
  const store: EventDataStoreRecord = {
    EventDataStoreArn: storeArn(ctx, randomUUID()),
    Name: p.Name,
    Region: ctx.region,
    AdvancedEventSelectors: selectors,
    MultiRegionEnabled: p.MultiRegionEnabled ?? true,
    OrganizationEnabled: p.OrganizationEnabled ?? false,
    RetentionPeriod: retention,
    TerminationProtectionEnabled: p.TerminationProtectionEnabled ?? true,
    KmsKeyId: kmsKey,
    BillingMode: billingMode as EventDataStoreRecord["BillingMode"],
    CreatedTimestamp: now,
    UpdatedTimestamp: now,
    phase,
    phaseAt: now,
    federated: false,
    Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value ?? "" })),
    InsightSelectors: [],
    events: [],
  };
  lakeRegion(lake, ctx.account, ctx.region).stores[store.EventDataStoreArn] = store;
  if (!lake.customers.includes(ctx.account)) lake.customers.push(ctx.account);
  return { ...settingsShape(ctx, store, phase), TagsList: store.Tags };
}

/**
 * EDS-16: the keys Lake partitions a store's events by. AWS documents the member (name and type,
 * "for example, bigint or string") but not the keys it reports; every store's events carry
 * eventCategory and eventTime in Lake's envelope, and those are what queries filter on most, so
 * the emulator reports them for every kind of store (a guess).
 */
const PARTITION_KEYS = [
  { Name: "eventCategory", Type: "string" },
  { Name: "eventTime", Type: "timestamp" },
];

export function getEventDataStore(ctx: RequestContext, p: { EventDataStore: string }): Json {
  const store = findStore(ctx, p.EventDataStore);
  return {
    ...settingsShape(ctx, store, storeStatus(ctx, store)),
    ...federationShape(ctx, store),
    PartitionKeys: PARTITION_KEYS,
  };
}

export function listEventDataStores(
  ctx: RequestContext,
  p: { NextToken?: string; MaxResults?: number },
): Json {
  const max = p.MaxResults ?? ctx.pageSize;
  if (max < 1 || max > 1000)
    fail("InvalidMaxResultsException", `MaxResults ${max} is not between 1 and 1000.`);
  const offset = readPageToken(p.NextToken, "ListEventDataStores");
  if (offset === undefined) fail("InvalidNextTokenException", "The NextToken is not valid.");
  const stores = Object.values(regionStores(ctx)).sort((a, b) => a.CreatedTimestamp - b.CreatedTimestamp);
  const page = stores.slice(offset, offset + max);
  return {
    EventDataStores: page.map((s) => ({
      EventDataStoreArn: s.EventDataStoreArn,
      Name: s.Name,
      TerminationProtectionEnabled: s.TerminationProtectionEnabled,
      Status: storeStatus(ctx, s),
      AdvancedEventSelectors: s.AdvancedEventSelectors,
      MultiRegionEnabled: s.MultiRegionEnabled,
      OrganizationEnabled: s.OrganizationEnabled,
      RetentionPeriod: s.RetentionPeriod,
      CreatedTimestamp: seconds(s.CreatedTimestamp),
      UpdatedTimestamp: seconds(s.UpdatedTimestamp),
    })),
    NextToken: offset + max < stores.length ? pageToken(offset + max, "ListEventDataStores") : undefined,
  };
}

/** EDS-7: a store with an import initializing or in progress cannot be updated or deleted. */
function checkNoOngoingImport(ctx: RequestContext, store: EventDataStoreRecord, action: string): void {
  const imports = Object.values(lakeRegion(ctx.state.lake, ctx.account, ctx.region).imports);
  const running = (i: ImportRecord) =>
    ["INITIALIZING", "IN_PROGRESS"].includes(importPhase(i, ctx.now.getTime(), ctx.lake.importPhaseSeconds));
  if (imports.some((i) => i.Destinations.includes(store.EventDataStoreArn) && running(i))) {
    fail(
      "EventDataStoreHasOngoingImportException",
      `The event data store ${store.EventDataStoreArn} has an import in progress and cannot be ${action}. (EDS-7)`,
    );
  }
}

/** EDS-13: new selectors may not change what category of events the store holds. */
function updateSelectors(
  ctx: RequestContext,
  store: EventDataStoreRecord,
  draft: EventDataStoreRecord,
  selectors: AdvancedEventSelector[],
): void {
  checkStoreSelectors(ctx, selectors);
  const before = storeKind(store);
  draft.AdvancedEventSelectors = selectors;
  if (storeKind(draft) !== before) {
    fail(
      "InvalidEventSelectorsException",
      `The event category of event data store ${store.Name} cannot change from ${storeCategories(store.AdvancedEventSelectors).join(", ")}. (EDS-13)`,
    );
  }
}

/** EDS-12: a KMS key may be set once; it is never removed or changed ("" asks to remove it). */
function updateKmsKey(
  ctx: RequestContext,
  store: EventDataStoreRecord,
  draft: EventDataStoreRecord,
  keyId: string,
): void {
  if (keyId === "") {
    if (store.KmsKeyId !== undefined)
      fail(
        "InvalidParameterException",
        "A KMS key, once set on an event data store, cannot be removed. (EDS-12)",
      );
    return;
  }
  const key = storeKmsKey(ctx, keyId);
  if (store.KmsKeyId !== undefined && store.KmsKeyId !== key)
    fail(
      "InvalidParameterException",
      `A KMS key, once set on an event data store, cannot be removed or changed; the store has ${store.KmsKeyId}. (EDS-12)`,
    );
  draft.KmsKeyId = key;
}

export function updateEventDataStore(
  ctx: RequestContext,
  p: StoreSettings & { EventDataStore: string; Name?: string },
): Json {
  const store = findStore(ctx, p.EventDataStore, true);
  if (store.OrganizationEnabled)
    requireOrganizationAdmin(ctx, `change organization event data store ${store.Name}`);
  const given = [
    p.Name,
    p.AdvancedEventSelectors,
    p.MultiRegionEnabled,
    p.OrganizationEnabled,
    p.RetentionPeriod,
    p.TerminationProtectionEnabled,
    p.KmsKeyId,
    p.BillingMode,
  ].filter((v) => v !== undefined);
  if (given.length === 0) {
    fail("InvalidParameterException", "UpdateEventDataStore needs at least one setting to change. (EDS-6)");
  }
  checkNoOngoingImport(ctx, store, "updated");
  const draft = structuredClone(store);
  if (p.Name !== undefined && p.Name !== store.Name) {
    checkStoreName(p.Name);
    if (Object.values(regionStores(ctx)).some((s) => s.Name === p.Name))
      fail(
        "EventDataStoreAlreadyExistsException",
        `An event data store named ${p.Name} already exists. (EDS-1)`,
      );
    draft.Name = p.Name;
  }
  if (p.AdvancedEventSelectors !== undefined) updateSelectors(ctx, store, draft, p.AdvancedEventSelectors);
  if (p.BillingMode !== undefined) {
    checkBillingMode(p.BillingMode);
    if (store.BillingMode === "EXTENDABLE_RETENTION_PRICING" && p.BillingMode === "FIXED_RETENTION_PRICING") {
      fail(
        "InvalidParameterException",
        "BillingMode cannot change from EXTENDABLE_RETENTION_PRICING to FIXED_RETENTION_PRICING. (EDS-12)",
      );
    }
    draft.BillingMode = p.BillingMode as EventDataStoreRecord["BillingMode"];
  }
  if (p.RetentionPeriod !== undefined) draft.RetentionPeriod = p.RetentionPeriod;
  if (p.RetentionPeriod !== undefined || p.BillingMode !== undefined)
    checkRetention(draft.RetentionPeriod, draft.BillingMode);
  if (p.KmsKeyId !== undefined) updateKmsKey(ctx, store, draft, p.KmsKeyId);
  if (p.OrganizationEnabled !== undefined) {
    if (p.OrganizationEnabled !== store.OrganizationEnabled)
      requireManagementToConvert(
        ctx,
        p.OrganizationEnabled
          ? "turn an event data store into an organization event data store"
          : "turn an organization event data store into a store of one account",
      );
    draft.OrganizationEnabled = p.OrganizationEnabled;
  }
  if (p.MultiRegionEnabled !== undefined) draft.MultiRegionEnabled = p.MultiRegionEnabled;
  if (p.TerminationProtectionEnabled !== undefined)
    draft.TerminationProtectionEnabled = p.TerminationProtectionEnabled;
  draft.UpdatedTimestamp = ctx.now.getTime();
  Object.assign(store, draft);
  return { ...settingsShape(ctx, store, storeStatus(ctx, store)), ...federationShape(ctx, store) };
}

export function deleteEventDataStore(ctx: RequestContext, p: { EventDataStore: string }): Json {
  const store = findStore(ctx, p.EventDataStore, true);
  if (store.OrganizationEnabled)
    requireOrganizationAdmin(ctx, `delete organization event data store ${store.Name}`);
  if (store.TerminationProtectionEnabled) {
    fail(
      "EventDataStoreTerminationProtectedException",
      `Event data store ${store.Name} has termination protection enabled; turn it off with UpdateEventDataStore first. (EDS-3)`,
    );
  }
  const federation = federationStatus(ctx, store);
  if (federation !== "DISABLED") {
    fail(
      "EventDataStoreFederationEnabledException",
      `Event data store ${store.Name} has Lake query federation ${federation}; it must be DISABLED first. (EDS-10)`,
    );
  }
  const channels = Object.values(lakeRegion(ctx.state.lake, ctx.account, ctx.region).channels);
  const channel = channels.find((c) => c.Destinations.some((d) => d.Location === store.EventDataStoreArn));
  if (channel) {
    fail(
      "ChannelExistsForEDSException",
      `Channel ${channel.ChannelArn} delivers to event data store ${store.Name}; delete the channel first. (EDS-11)`,
    );
  }
  checkNoOngoingImport(ctx, store, "deleted");
  store.phaseBeforeDelete = storeStatus(ctx, store) === "STOPPED_INGESTION" ? "STOPPED_INGESTION" : "ENABLED";
  store.phase = "PENDING_DELETION";
  store.phaseAt = store.deletedAt = ctx.now.getTime();
  return {};
}

export function restoreEventDataStore(ctx: RequestContext, p: { EventDataStore: string }): Json {
  const store = findStore(ctx, p.EventDataStore);
  if (store.phase !== "PENDING_DELETION") {
    fail(
      "InvalidEventDataStoreStatusException",
      `Event data store ${store.Name} is ${storeStatus(ctx, store)}; only a store pending deletion can be restored. (EDS-5)`,
    );
  }
  store.phase = store.phaseBeforeDelete ?? "ENABLED";
  store.phaseAt = ctx.now.getTime();
  store.deletedAt = store.phaseBeforeDelete = undefined;
  store.UpdatedTimestamp = ctx.now.getTime();
  return settingsShape(ctx, store, storeStatus(ctx, store));
}

/** Start/StopEventDataStoreIngestion apply to stores of CloudTrail events and of ConfigurationItem only (EDS-9). */
function ingestionStore(ctx: RequestContext, ref: string): EventDataStoreRecord {
  const store = findStore(ctx, ref);
  const kind = storeKind(store);
  if (kind !== "cloudtrail" && kind !== "config") {
    fail(
      "InvalidEventDataStoreCategoryException",
      `Event data store ${store.Name} holds ${kind === "channel" ? "ActivityAuditLog" : "Insight"} events; its ingestion cannot be started or stopped. (EDS-9)`,
    );
  }
  return store;
}

/** EDS-8: ingestion changes only from the status it leaves, through the transient status it enters. */
function changeIngestion(
  ctx: RequestContext,
  ref: string,
  from: StorePhase[],
  to: "STARTING_INGESTION" | "STOPPING_INGESTION",
): Json {
  const store = ingestionStore(ctx, ref);
  if (store.OrganizationEnabled)
    requireOrganizationAdmin(ctx, `change ingestion of organization event data store ${store.Name}`);
  const status = storeStatus(ctx, store);
  if (!from.includes(status)) {
    fail(
      "InvalidEventDataStoreStatusException",
      `Event data store ${store.Name} is ${status}; ${to === "STARTING_INGESTION" ? "ingestion can be started" : "ingestion can be stopped"} only from ${from[0]}. (EDS-8)`,
    );
  }
  store.phase = to;
  store.phaseAt = ctx.now.getTime();
  return {};
}

export function startEventDataStoreIngestion(ctx: RequestContext, p: { EventDataStore: string }): Json {
  return changeIngestion(ctx, p.EventDataStore, ["STOPPED_INGESTION"], "STARTING_INGESTION");
}

export function stopEventDataStoreIngestion(ctx: RequestContext, p: { EventDataStore: string }): Json {
  return changeIngestion(ctx, p.EventDataStore, ["ENABLED", "CREATED"], "STOPPING_INGESTION");
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export function enableFederation(
  ctx: RequestContext,
  p: { EventDataStore: string; FederationRoleArn: string },
): Json {
  const store = findStore(ctx, p.EventDataStore, true);
  if (store.OrganizationEnabled)
    requireOrganizationAdmin(ctx, `federate organization event data store ${store.Name}`);
  checkFederationSettled(ctx, store);
  if (store.federated) {
    fail(
      "EventDataStoreFederationEnabledException",
      `Federation is already enabled on event data store ${store.Name}. (EDS-10)`,
    );
  }
  const roles = ctx.state.registry.iamRoles;
  if (!ROLE_ARN.test(p.FederationRoleArn) || (roles.length > 0 && !roles.includes(p.FederationRoleArn))) {
    fail(
      "InvalidParameterException",
      `FederationRoleArn ${p.FederationRoleArn} is not an existing IAM role ARN. (EDS-10)`,
    );
  }
  store.federated = true;
  store.federationChangedAt = ctx.now.getTime();
  store.FederationRoleArn = p.FederationRoleArn;
  return { EventDataStoreArn: store.EventDataStoreArn, ...federationShape(ctx, store) };
}

export function disableFederation(ctx: RequestContext, p: { EventDataStore: string }): Json {
  const store = findStore(ctx, p.EventDataStore, true);
  if (store.OrganizationEnabled)
    requireOrganizationAdmin(ctx, `change federation of organization event data store ${store.Name}`);
  checkFederationSettled(ctx, store);
  if (store.federated) {
    store.federated = false;
    store.federationChangedAt = ctx.now.getTime();
  }
  store.FederationRoleArn = undefined;
  return { EventDataStoreArn: store.EventDataStoreArn, FederationStatus: federationStatus(ctx, store) };
}
