import {
  CreateEventDataStoreCommand,
  DeleteEventDataStoreCommand,
  DisableFederationCommand,
  EnableFederationCommand,
  GetEventConfigurationCommand,
  GetEventDataStoreCommand,
  GetInsightSelectorsCommand,
  PutEventConfigurationCommand,
  PutInsightSelectorsCommand,
  RestoreEventDataStoreCommand,
  StartEventDataStoreIngestionCommand,
  StopEventDataStoreIngestionCommand,
  UpdateEventDataStoreCommand,
  paginateListEventDataStores,
  type CreateEventDataStoreCommandInput,
  type UpdateEventDataStoreCommandInput,
  type GetEventConfigurationResponse,
  type GetEventDataStoreResponse,
} from "@aws-sdk/client-cloudtrail";
import type * as pulumi from "@pulumi/pulumi";
import { adoptableCheck, declaredOrKept, refuseLosingKept } from "./adopt";
import { describeError, errorName, findInPages, unlessGone } from "./aws";
import { cloudTrail, configureFromStack } from "./config";
import { Convergence, convergeTags, readTags, tagList } from "./converge";
import {
  CARRIED,
  eventConfiguration,
  fromWireSelectors,
  partitionKeys,
  sameEventConfiguration,
  sameKmsKey,
  sameSelectors,
  selectorsOf,
  settledFederation,
  settledStatus,
  storeKind,
  storeProps,
  toWireSelectors,
  type EventDataStoreProps as Store,
  type StoreExtras,
} from "./event-data-store-shape";
import { keysOf, pick, underWireNames } from "./props";
import { changedInputs, type ReplacedBy } from "./resource";
import { convergeResourcePolicy, readResourcePolicy } from "./resource-policy";

/** Each input whose change needs a new store, with when it does and the check the diff runs. */
const REPLACING: Record<string, { when: string; test: (olds: Store, news: Store) => boolean }> = {
  advancedEventSelectors: {
    when: "when the kind of events the store holds changes (EDS-13)",
    test: (olds, news) => storeKind(selectorsOf(olds)) !== storeKind(selectorsOf(news)),
  },
  kmsKeyId: {
    when: "when a key is removed or changed; adding one updates in place (EDS-12)",
    test: (olds, news) => olds.kmsKeyId !== undefined && !sameKmsKey(news.kmsKeyId, olds),
  },
  billingMode: {
    when: "when it goes from EXTENDABLE_RETENTION_PRICING to FIXED_RETENTION_PRICING; the other way updates in place (EDS-12)",
    test: (olds, news) =>
      olds.billingMode === "EXTENDABLE_RETENTION_PRICING" && news.billingMode === "FIXED_RETENTION_PRICING",
  },
};

export const replacedBy: ReplacedBy = Object.fromEntries(
  Object.entries(REPLACING).map(([input, { when }]) => [input, when]),
);
// An event data store's lifecycle. Create restores a store of the same name pending deletion
// (EDS-5) instead of failing; delete refuses a protected store before any call unless
// forceDestroy is set (EDS-3); refresh treats a store pending deletion as gone (EDS-4).
// The resource id is the store's ARN.

/** Settings UpdateEventDataStore changes in place, by input name and wire name. */
const SETTINGS = {
  name: "Name",
  advancedEventSelectors: "AdvancedEventSelectors",
  multiRegionEnabled: "MultiRegionEnabled",
  organizationEnabled: "OrganizationEnabled",
  retentionPeriod: "RetentionPeriod",
  billingMode: "BillingMode",
  terminationProtectionEnabled: "TerminationProtectionEnabled",
  kmsKeyId: "KmsKeyId",
} as const;

const SETTING_INPUTS = keysOf(SETTINGS);

/** Inputs whose change means a call or a new state; `adopt` only matters at create. */
const DIFFED: (keyof Store)[] = [
  ...SETTING_INPUTS,
  "tags",
  "ingestionEnabled",
  "federationEnabled",
  "federationRoleArn",
  "insightSelectors",
  "insightsDestination",
  "resourcePolicy",
  "maxEventSize",
  "contextKeySelectors",
  "forceDestroy",
];

/**
 * Inputs with a default (or none) that an adopted store keeps as it had them while the program
 * leaves them out: adopting never sets a default the user did not ask for, such as a shorter
 * retention (which deletes older events) or extendable pricing (which cannot be undone, EDS-12).
 * Termination protection is the exception: its default (on, EDS-3) only guards the store.
 */
const KEPT_WHEN_UNDECLARED = DIFFED.filter(
  (k) => !["name", "forceDestroy", "terminationProtectionEnabled"].includes(k),
);

/** The EventDataStore resource's dynamic provider (see sdk/event-data-store.ts). */
export const eventDataStoreProvider: pulumi.dynamic.ResourceProvider = {
  configure: configureFromStack,

  check: adoptableCheck("EventDataStore", KEPT_WHEN_UNDECLARED),

  async diff(_id: string, olds: Store, declared: Store) {
    const news = declaredOrKept(olds, declared);
    const changed = changedInputs(olds, news, DIFFED)
      .filter((k) => k !== "advancedEventSelectors" || !sameSelectors(selectorsOf(olds), selectorsOf(news)))
      // The same key spelled another way (an alias for the ARN AWS reports) is no change.
      .filter((k) => k !== "kmsKeyId" || !sameKmsKey(news.kmsKeyId, olds))
      // Declaring AWS's default configuration, or no longer declaring it, changes nothing.
      .filter(
        (k) => !["maxEventSize", "contextKeySelectors"].includes(k) || !sameEventConfiguration(olds, news),
      );
    const replaces = replacing(olds, news);
    if (replaces.length > 0) {
      const what = `changing ${replaces.join(" and ")} of event data store "${olds.name}"`;
      // A deleted store keeps its name for 7 days (EDS-4): the new one needs another.
      if (olds.name === news.name)
        throw new Error(
          `${what} needs a new store (EDS-12, EDS-13), and a deleted store keeps its name while restorable ` +
            `(EDS-4); give the resource a new name too, or keep the setting`,
        );
      if (olds.terminationProtectionEnabled && !olds.forceDestroy)
        throw protectedError(olds.name, `${what}, which replaces it,`);
      refuseLosingKept(`event data store "${olds.name}"`, olds, declared, replaces);
    }
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs: Store) {
    const found = inputs.adopt ? await findByName(inputs.name) : undefined;
    if (found && found.status !== "PENDING_DELETION") return adoptStore(found.arn, inputs);
    return createStore(inputs);
  },

  async read(id: string, props: Store) {
    const current = await readStore(id, props);
    return current ? { id, props: current } : { id: "", props: {} };
  },

  async update(id: string, olds: Store, news: Store) {
    const desired = { ...declaredOrKept(olds, news), adopted: olds.adopted, restored: olds.restored };
    const outs = await converge(id, olds, desired);
    // A create that failed part-way (or a state of an older version) has no partition keys yet.
    return { outs: olds.partitionKeys === undefined ? { ...outs, ...(await readPartitionKeys(id)) } : outs };
  },

  delete: deleteStore,
};

/** Changes UpdateEventDataStore cannot make (EDS-12, EDS-13): they need a new store. */
function replacing(olds: Store, news: Store): string[] {
  return Object.keys(REPLACING).filter((input) => REPLACING[input].test(olds, news));
}

/** EDS-1: the live store of this name taken over (adopt) and brought to the declared settings. */
async function adoptStore(arn: string, inputs: Store): Promise<pulumi.dynamic.CreateResult> {
  const existing = (await readStore(arn, inputs))!;
  const outs = await converge(arn, existing, declaredOrKept({ ...existing, adopted: true }, inputs));
  return { id: arn, outs };
}

/**
 * CreateEventDataStore, then the settings with calls of their own; a name taken by a store pending
 * deletion restores that one instead (EDS-5).
 */
async function createStore(inputs: Store): Promise<pulumi.dynamic.CreateResult> {
  const name = inputs.name;
  let created: Store;
  let arn: string;
  try {
    const out = await cloudTrail().send(new CreateEventDataStoreCommand(createParams(inputs)));
    arn = out.EventDataStoreArn!;
    const extras = { insights: { selectors: [] }, tags: inputs.tags ?? {} };
    created = storeProps(out, extras, { ...inputs, kmsKeyArn: out.KmsKeyId });
  } catch (err) {
    if (isLakeClosed(err)) throw lakeClosedError(name);
    if (errorName(err) !== "EventDataStoreAlreadyExistsException")
      throw describeError(`CreateEventDataStore of event data store "${name}"`, err);
    return restoreOrRefuse(name, inputs);
  }
  // Insights, federation, the policy and the event configuration have calls of their own; the
  // store exists already, so a failure there keeps it in state (a protected store is not deleted
  // to undo) and the next up finishes it.
  const outs = await converge(
    arn,
    { ...created, federationEnabled: false, insightSelectors: undefined },
    inputs,
  );
  return { id: arn, outs: { ...outs, ...(await readPartitionKeys(arn)) } };
}

/**
 * EDS-16: the store's partition keys, which only GetEventDataStore reports, read back once the
 * store is created (or first updated without them) so that the first refresh shows no change. The
 * store is whole without them: a failed read leaves the output for the next update or refresh
 * rather than failing the create.
 */
async function readPartitionKeys(arn: string): Promise<Partial<Store>> {
  try {
    const store = await cloudTrail().send(new GetEventDataStoreCommand({ EventDataStore: arn }));
    return { partitionKeys: partitionKeys(store) };
  } catch {
    return {};
  }
}

/** EDS-5: a store of this name pending deletion is restored and converged; a live one is refused. */
async function restoreOrRefuse(name: string, inputs: Store): Promise<pulumi.dynamic.CreateResult> {
  const found = await findByName(name);
  if (!found || found.status !== "PENDING_DELETION") {
    throw new Error(
      `event data store "${name}" already exists and is live (EDS-1); set adopt: true to take it over and ` +
        `bring it to the declared settings, or give this resource another name`,
    );
  }
  try {
    await cloudTrail().send(new RestoreEventDataStoreCommand({ EventDataStore: found.arn }));
  } catch (err) {
    throw describeError(`RestoreEventDataStore of event data store "${name}" (pending deletion)`, err);
  }
  const restored = (await readStore(found.arn, inputs))!;
  // A store declared with adopt keeps what it has for what is undeclared, restored or not.
  const desired = inputs.adopt ? declaredOrKept({ ...restored, adopted: true }, inputs) : inputs;
  const outs = await converge(found.arn, restored, { ...desired, restored: true });
  return { id: found.arn, outs };
}

/** EDS-15's refusal: OperationNotPermittedException has other causes, told apart by AWS's words. */
const isLakeClosed = (err: unknown) =>
  errorName(err) === "OperationNotPermittedException" &&
  /no longer accepting new customers/i.test((err as Error).message ?? "");

/** EDS-15 in plain words, instead of AWS's 400. */
function lakeClosedError(name: string): Error {
  return new Error(
    `CloudTrail Lake refused to create event data store "${name}": it has been closed to new customers ` +
      `since 2026-05-31, and this account has never had an event data store (EDS-15). Existing stores can ` +
      `still be adopted (adopt: true); for new accounts a Trail delivering to S3 is the alternative`,
  );
}

/**
 * Brings an existing store from `current` to `desired` with the fewest calls: one
 * UpdateEventDataStore with the settings that differ, tags by difference, ingestion, Insights and
 * federation only when they differ. A failure after the first call reports what was applied.
 */
async function converge(arn: string, current: Store, desired: Store): Promise<Store> {
  const start = { ...current, ...pick(desired, CARRIED) };
  const c = new Convergence(`event data store "${desired.name}"`, "store", arn, start);
  await updateSettings(c, arn, current, desired);
  await convergeTags(c, arn, current, desired);
  await convergeResourcePolicy(c, arn, current, desired);
  await convergeEventConfiguration(c, arn, current, desired);
  await convergeIngestion(c, arn, current, desired);
  await convergeInsights(c, arn, current, desired);
  await convergeFederation(c, arn, current, desired);
  return c.result();
}

/** One UpdateEventDataStore with the settings that differ (an alias of the same key does not). */
async function updateSettings(c: Convergence, arn: string, current: Store, desired: Store): Promise<void> {
  const settings = changedInputs(current, desired, SETTING_INPUTS)
    .filter(
      (k) => k !== "advancedEventSelectors" || !sameSelectors(selectorsOf(current), selectorsOf(desired)),
    )
    .filter((k) => k !== "kmsKeyId" || !sameKmsKey(desired.kmsKeyId, current));
  if (settings.length === 0) return;
  const params: UpdateEventDataStoreCommandInput = {
    EventDataStore: arn,
    ...settingParams(desired, settings),
  };
  await c.step("UpdateEventDataStore", async () => {
    const updated = await cloudTrail().send(new UpdateEventDataStoreCommand(params));
    return {
      ...pick(desired, settings),
      advancedEventSelectors: desired.advancedEventSelectors,
      kmsKeyArn: updated.KmsKeyId,
      status: settledStatus(updated.Status),
      updatedTimestamp: updated.UpdatedTimestamp?.toISOString(),
    };
  });
}

/** PutEventConfiguration when the configuration in effect differs (AWS's default where none is declared). */
async function convergeEventConfiguration(
  c: Convergence,
  arn: string,
  current: Store,
  desired: Store,
): Promise<void> {
  if (sameEventConfiguration(current, desired)) return;
  const wanted = eventConfiguration(desired);
  await c.step("PutEventConfiguration", async () => {
    await cloudTrail().send(
      new PutEventConfigurationCommand({
        EventDataStore: arn,
        MaxEventSize: wanted.maxEventSize,
        ContextKeySelectors: wanted.contextKeySelectors.map((k) => ({ Type: k.type, Equals: k.equals })),
      }),
    );
    return { maxEventSize: desired.maxEventSize, contextKeySelectors: desired.contextKeySelectors };
  });
}

/** Start or StopEventDataStoreIngestion when ingestion is not as declared (EDS-9). */
async function convergeIngestion(c: Convergence, arn: string, current: Store, desired: Store): Promise<void> {
  if (Boolean(current.ingestionEnabled) === Boolean(desired.ingestionEnabled)) return;
  const start = Boolean(desired.ingestionEnabled);
  await c.step(start ? "StartEventDataStoreIngestion" : "StopEventDataStoreIngestion", async () => {
    const Command = start ? StartEventDataStoreIngestionCommand : StopEventDataStoreIngestionCommand;
    await cloudTrail().send(new Command({ EventDataStore: arn }));
    return { ingestionEnabled: start, status: start ? "ENABLED" : "STOPPED_INGESTION" };
  });
}

/** PutInsightSelectors when Insights or their destination differ (EDS-14); with Insights off both ways, no call. */
async function convergeInsights(c: Convergence, arn: string, current: Store, desired: Store): Promise<void> {
  const insightsOff = (p: Store) => (p.insightSelectors ?? []).length === 0;
  if (insightsOff(current) && insightsOff(desired)) {
    c.record({ insightsDestination: desired.insightsDestination });
    return;
  }
  if (changedInputs(current, desired, ["insightSelectors", "insightsDestination"]).length === 0) return;
  const selectors = desired.insightSelectors ?? [];
  // Turning Insights off still names a destination: the one they went to.
  const destination = desired.insightsDestination ?? current.insightsDestination;
  await c.step("PutInsightSelectors", async () => {
    await cloudTrail().send(
      new PutInsightSelectorsCommand({
        EventDataStore: arn,
        InsightsDestination: destination,
        InsightSelectors: selectors.map((s) => ({ InsightType: s.insightType })),
      }),
    );
    return { insightSelectors: desired.insightSelectors, insightsDestination: desired.insightsDestination };
  });
}

/** Disable and EnableFederation as declared; a new role for an enabled federation is off, then on (EDS-10). */
async function convergeFederation(
  c: Convergence,
  arn: string,
  current: Store,
  desired: Store,
): Promise<void> {
  if (changedInputs(current, desired, ["federationEnabled", "federationRoleArn"]).length === 0) return;
  if (current.federationEnabled)
    await c.step("DisableFederation", async () => {
      await disableFederation(arn);
      // The declared role is kept, so that a failed EnableFederation after it is retried with it.
      return {
        federationEnabled: false,
        federationRoleArn: desired.federationRoleArn,
        federationStatus: "DISABLED",
      };
    });
  if (!desired.federationEnabled) {
    c.record({ federationRoleArn: desired.federationRoleArn });
    return;
  }
  await c.step("EnableFederation", async () => {
    const out = await cloudTrail().send(
      new EnableFederationCommand({
        EventDataStore: arn,
        FederationRoleArn: String(desired.federationRoleArn),
      }),
    );
    return {
      federationEnabled: true,
      federationRoleArn: desired.federationRoleArn,
      federationStatus: settledFederation(out.FederationStatus),
    };
  });
}

/** How long a forced destroy or a new role waits for federation to be DISABLED, at most. */
const FEDERATION_WAIT_MS = 10 * 60_000;

/**
 * DisableFederation, then, while AWS reports DISABLING, GetEventDataStore with backoff until it
 * is DISABLED: a store is deleted, and federation enabled again, only from DISABLED (EDS-10).
 */
async function disableFederation(arn: string): Promise<void> {
  const client = cloudTrail();
  let status = (await client.send(new DisableFederationCommand({ EventDataStore: arn }))).FederationStatus;
  const until = Date.now() + FEDERATION_WAIT_MS;
  let delay = 1000;
  while (status === "DISABLING") {
    if (Date.now() > until)
      throw new Error(`federation of ${arn} is still DISABLING after ${FEDERATION_WAIT_MS / 60_000} minutes`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 1.5, 10_000);
    status = (await client.send(new GetEventDataStoreCommand({ EventDataStore: arn }))).FederationStatus;
  }
}

/** What a call on a store answers when the store is gone or pending deletion already (EDS-4). */
const GONE = ["EventDataStoreNotFoundException", "InactiveEventDataStoreException"];

/** How long a deleted store stays restorable (EDS-4). */
const RESTORABLE_DAYS = 7;

/**
 * Destroy: refused for a protected store unless forceDestroy (EDS-3); protection and federation
 * go off first, and come back on when the delete fails. Says how long the store stays restorable.
 */
async function deleteStore(id: string, props: Store): Promise<void> {
  const name = props.name;
  if (props.terminationProtectionEnabled && !props.forceDestroy) throw protectedError(name, "destroy");
  if (!(await disableProtections(id, props))) return;
  try {
    await cloudTrail().send(new DeleteEventDataStoreCommand({ EventDataStore: id }));
  } catch (err) {
    if (GONE.includes(errorName(err) ?? "")) return;
    throw await deleteError(id, props, err);
  }
  // A dynamic provider reaches the user through its output only: the engine shows it.
  const until = new Date(Date.now() + RESTORABLE_DAYS * 86_400_000).toISOString();
  console.log(
    `event data store "${name}" (${id}) is deleted and restorable until about ${until} (EDS-4): ` +
      `declare it again and the next up restores it with its events (EDS-5), or call RestoreEventDataStore`,
  );
}

/**
 * Turns off what keeps a store from being deleted: termination protection, then federation
 * (EDS-3, EDS-10). False when the store turned out gone already: nothing left to delete.
 */
async function disableProtections(id: string, props: Store): Promise<boolean> {
  const name = props.name;
  if (props.terminationProtectionEnabled) {
    const off = () =>
      cloudTrail().send(
        new UpdateEventDataStoreCommand({ EventDataStore: id, TerminationProtectionEnabled: false }),
      );
    if (!(await unlessGone(`UpdateEventDataStore (protection off) of event data store "${name}"`, GONE, off)))
      return false;
  }
  if (!props.federationEnabled) return true;
  try {
    return await unlessGone(`DisableFederation of event data store "${name}"`, GONE, () =>
      disableFederation(id),
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}${await putBack(id, props, false)}`);
  }
}

/** A failed DeleteEventDataStore, with what was turned off put back first (EDS-11 in plain words). */
async function deleteError(id: string, props: Store, err: unknown): Promise<Error> {
  const name = props.name;
  const left = await putBack(id, props, Boolean(props.federationEnabled));
  if (errorName(err) === "ChannelExistsForEDSException") {
    return new Error(
      `event data store "${name}" cannot be deleted while a channel delivers to it (EDS-11): ` +
        `${(err as Error).message} Delete the channel, or remove this store from its destinations, first${left}`,
    );
  }
  return new Error(
    `${describeError(`DeleteEventDataStore of event data store "${name}"`, err).message}${left}`,
  );
}

/**
 * Never leaves a store that stays less protected, or less federated, than declared: turns back on
 * what delete turned off. Returns what could not be put back, as words for the error, or "".
 */
async function putBack(id: string, props: Store, federationOff: boolean): Promise<string> {
  const client = cloudTrail();
  const lost: string[] = [];
  if (federationOff) {
    await client
      .send(
        new EnableFederationCommand({
          EventDataStore: id,
          FederationRoleArn: String(props.federationRoleArn),
        }),
      )
      .catch(() => lost.push("federation"));
  }
  if (props.terminationProtectionEnabled) {
    await client
      .send(new UpdateEventDataStoreCommand({ EventDataStore: id, TerminationProtectionEnabled: true }))
      .catch(() => lost.push("termination protection"));
  }
  return lost.length === 0
    ? ""
    : `; turning ${lost.join(" and ")} back on failed too: run a refresh, then an up, to put ${lost.length > 1 ? "them" : "it"} back`;
}

/** Why a protected store is not deleted, naming what to change (EDS-3). */
function protectedError(name: string, action: string): Error {
  return new Error(
    `event data store "${name}" has termination protection on (EDS-3), so ${action} would delete it and its ` +
      `events; nothing was changed. Set forceDestroy: true (or terminationProtectionEnabled: false) and run ` +
      `up first if that is intended`,
  );
}

/** The store as CloudTrail has it now; undefined when it is gone or pending deletion (EDS-4). */
async function readStore(arn: string, prior: Store): Promise<Store | undefined> {
  const client = cloudTrail();
  let store: GetEventDataStoreResponse;
  try {
    store = await client.send(new GetEventDataStoreCommand({ EventDataStore: arn }));
  } catch (err) {
    if (errorName(err) === "EventDataStoreNotFoundException") return undefined;
    throw describeError(`GetEventDataStore of ${arn}`, err);
  }
  if (store.Status === "PENDING_DELETION") return undefined;
  let insights: StoreExtras["insights"] = { selectors: [] };
  try {
    const got = await client.send(new GetInsightSelectorsCommand({ EventDataStore: arn }));
    insights = { selectors: got.InsightSelectors ?? [], destination: got.InsightsDestination };
  } catch (err) {
    if (errorName(err) !== "InsightNotEnabledException")
      throw describeError(`GetInsightSelectors of ${arn}`, err);
  }
  const tags = await readTags(arn);
  const resourcePolicy = await readResourcePolicy(arn);
  // Only stores of CloudTrail events have an event configuration (EDS-13): no call for the others.
  let eventConfiguration: GetEventConfigurationResponse | undefined;
  if (storeKind(fromWireSelectors(store.AdvancedEventSelectors)) === "CloudTrail events") {
    try {
      eventConfiguration = await client.send(new GetEventConfigurationCommand({ EventDataStore: arn }));
    } catch (err) {
      throw describeError(`GetEventConfiguration of ${arn}`, err);
    }
  }
  return storeProps(store, { insights, tags, resourcePolicy, eventConfiguration }, prior);
}

/** The live or pending store of this name, found by listing (names are unique per region, EDS-1). */
function findByName(name: string): Promise<{ arn: string; status?: string } | undefined> {
  return findInPages(
    paginateListEventDataStores({ client: cloudTrail() }, {}),
    (page) => {
      const found = page.EventDataStores?.find((s) => s.Name === name);
      return found?.EventDataStoreArn ? { arn: found.EventDataStoreArn, status: found.Status } : undefined;
    },
    `ListEventDataStores (looking up the store named "${name}")`,
  );
}

/** CreateEventDataStore's parameters: the settings as declared, the tags, and whether to ingest. */
function createParams(inputs: Store): CreateEventDataStoreCommandInput {
  return {
    ...settingParams(inputs, SETTING_INPUTS),
    Name: inputs.name,
    TagsList: tagList(inputs.tags ?? {}),
    StartIngestion: inputs.ingestionEnabled,
  };
}

/** The wire form of the given settings, for CreateEventDataStore and UpdateEventDataStore. */
function settingParams(props: Store, settings: readonly (keyof typeof SETTINGS)[]) {
  return underWireNames<keyof typeof SETTINGS, Omit<UpdateEventDataStoreCommandInput, "EventDataStore">>(
    SETTINGS,
    settings,
    (k) => (k === "advancedEventSelectors" ? toWireSelectors(selectorsOf(props)) : props[k]),
  );
}
