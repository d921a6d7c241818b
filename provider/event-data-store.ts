import {
  AddTagsCommand,
  CreateEventDataStoreCommand,
  DeleteEventDataStoreCommand,
  DisableFederationCommand,
  EnableFederationCommand,
  GetEventConfigurationCommand,
  GetEventDataStoreCommand,
  GetInsightSelectorsCommand,
  ListEventDataStoresCommand,
  PutEventConfigurationCommand,
  PutInsightSelectorsCommand,
  RemoveTagsCommand,
  RestoreEventDataStoreCommand,
  StartEventDataStoreIngestionCommand,
  StopEventDataStoreIngestionCommand,
  UpdateEventDataStoreCommand,
  type AdvancedEventSelector,
  type GetEventConfigurationResponse,
  type GetEventDataStoreResponse,
  type InsightSelector,
} from "@aws-sdk/client-cloudtrail";
import type * as pulumi from "@pulumi/pulumi";
import { cloudTrail, configureFromStack } from "./config";
import { OPERATORS } from "./rules";
import { sortedContextKeySelectors, sortedSelectors } from "./normalize";
import { convergeResourcePolicy, readResourcePolicy } from "./resource-policy";
import {
  PartialCreateError,
  defined,
  changedInputs,
  checkNamedInputs,
  describeError,
  errorName,
  readTags,
  tagChanges,
  tagList,
  declaredOrKept,
  refuseLosingKept,
  withUndeclared,
  type Tags,
  type Props,
  type ReplacedBy,
} from "./resource";

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

/** Inputs whose change means a call or a new state; `adopt` only matters at create. */
const DIFFED: string[] = [
  ...Object.keys(SETTINGS),
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

/** What a call on a store answers when the store is gone or pending deletion already (EDS-4). */
const GONE = ["EventDataStoreNotFoundException", "InactiveEventDataStoreException"];

/** How long a deleted store stays restorable (EDS-4). */
const RESTORABLE_DAYS = 7;

/** Inputs and outputs that CloudTrail does not hold: carried from one state to the next. */
const CARRIED = ["adopt", "adopted", "restored", "forceDestroy", "validation", "__autoName"];

/** What a store created without selectors collects (AWS's default): every management event. */
const DEFAULT_SELECTORS = sortedSelectors([
  { name: "Default management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
]);

const capital = (s: string) => s[0].toUpperCase() + s.slice(1);
const lower = (s: string) => s[0].toLowerCase() + s.slice(1);

function toWireSelectors(selectors: Props[]): AdvancedEventSelector[] {
  return selectors.map((s) => ({
    Name: s.name as string | undefined,
    FieldSelectors: (s.fieldSelectors as Props[]).map((fs) => {
      const out: Record<string, unknown> = { Field: fs.field };
      for (const op of OPERATORS) if (fs[op] !== undefined) out[capital(op)] = fs[op];
      return out as never;
    }),
  }));
}

function fromWireSelectors(selectors: AdvancedEventSelector[] | undefined): Props[] {
  return sortedSelectors(
    (selectors ?? []).map((s) => {
      const out: Props = {
        fieldSelectors: (s.FieldSelectors ?? []).map((fs) => {
          const f: Props = {};
          for (const [k, v] of Object.entries(fs)) if (v !== undefined) f[lower(k)] = v;
          return f;
        }),
      };
      if (s.Name !== undefined) out.name = s.Name;
      return out;
    }),
  );
}

/** CloudTrail's own categories share one kind of store; every other category is a kind of its own (EDS-13). */
const CLOUDTRAIL_CATEGORIES = ["Management", "Data", "NetworkActivity"];

/** The kind of store the selectors make (EDS-13): a store keeps it for life. */
function storeKind(selectors: Props[]): string {
  const found = selectors.flatMap((s) =>
    (s.fieldSelectors as Props[])
      .filter((fs) => fs.field === "eventCategory")
      .flatMap((fs) => (fs.equals as string[] | undefined) ?? []),
  );
  return found.find((c) => !CLOUDTRAIL_CATEGORIES.includes(c)) ?? "CloudTrail events";
}

/**
 * The status a store settles in: CREATED and STARTING_INGESTION lead to ENABLED,
 * STOPPING_INGESTION to STOPPED_INGESTION (EDS-8), so that a refresh shows no passing state as drift.
 */
function settledStatus(status: string | undefined): string | undefined {
  if (status === "CREATED" || status === "STARTING_INGESTION") return "ENABLED";
  return status === "STOPPING_INGESTION" ? "STOPPED_INGESTION" : status;
}

/** The federation status a store settles in (ENABLING to ENABLED, DISABLING to DISABLED), as for `settledStatus`. */
const settledFederation = (status: string | undefined) =>
  status === "ENABLING" ? "ENABLED" : status === "DISABLING" || status === undefined ? "DISABLED" : status;
const federating = (status: string | undefined) => settledFederation(status) === "ENABLED";

/** The event configuration in effect: AWS's default (Standard, no context keys) where none is declared. */
const eventConfiguration = (props: Props) => ({
  maxEventSize: props.maxEventSize ?? "Standard",
  contextKeySelectors: props.contextKeySelectors ?? [],
});

const sameEventConfiguration = (a: Props, b: Props) =>
  JSON.stringify(eventConfiguration(a)) === JSON.stringify(eventConfiguration(b));

/** What a store has besides GetEventDataStore's answer: Insights, tags, policy, event configuration. */
interface StoreExtras {
  insights: { selectors: InsightSelector[]; destination?: string };
  tags: Tags;
  resourcePolicy?: string;
  eventConfiguration?: GetEventConfigurationResponse;
}

const selectorsOf = (props: Props) =>
  (props.advancedEventSelectors as Props[] | undefined) ?? DEFAULT_SELECTORS;

function pick(props: Props, keys: string[]): Props {
  return Object.fromEntries(keys.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

/**
 * The inputs as AWS reports them, and the outputs, from GetEventDataStore, GetInsightSelectors,
 * ListTags, GetResourcePolicy and GetEventConfiguration.
 */
function storeProps(s: GetEventDataStoreResponse, extras: StoreExtras, prior: Props): Props {
  const { insights, tags } = extras;
  const configuration = extras.eventConfiguration;
  const stopped = s.Status === "STOPPED_INGESTION" || s.Status === "STOPPING_INGESTION";
  const props: Props = {
    name: s.Name,
    // A store created without selectors reports AWS's default: the input stays omitted then.
    advancedEventSelectors: fromWireSelectors(s.AdvancedEventSelectors),
    multiRegionEnabled: s.MultiRegionEnabled ?? true,
    organizationEnabled: s.OrganizationEnabled ?? false,
    retentionPeriod: s.RetentionPeriod,
    billingMode: s.BillingMode,
    terminationProtectionEnabled: s.TerminationProtectionEnabled ?? false,
    // The key as given (id, alias) while AWS still reports the ARN it reported when it was applied.
    kmsKeyId: s.KmsKeyId && prior.kmsKeyArn === s.KmsKeyId ? (prior.kmsKeyId ?? s.KmsKeyId) : s.KmsKeyId,
    ingestionEnabled: !stopped,
    federationEnabled: federating(s.FederationStatus),
    // A disabled federation uses no role: the one declared beside it stays as declared.
    federationRoleArn: federating(s.FederationStatus)
      ? s.FederationRoleArn
      : prior.federationEnabled
        ? undefined
        : prior.federationRoleArn,
    insightSelectors:
      insights.selectors.length > 0
        ? insights.selectors
            .map((i) => ({ insightType: i.InsightType }))
            .sort((a, b) => String(a.insightType).localeCompare(String(b.insightType)))
        : undefined,
    // With Insights off the destination is only declared: it stays as declared.
    insightsDestination:
      insights.selectors.length > 0
        ? insights.destination
        : prior.insightSelectors
          ? undefined
          : prior.insightsDestination,
    tags,
    resourcePolicy: extras.resourcePolicy,
    maxEventSize: configuration?.MaxEventSize,
    contextKeySelectors: configuration
      ? sortedContextKeySelectors(
          (configuration.ContextKeySelectors ?? []).map((c) => ({ type: c.Type, equals: c.Equals })),
        )
      : undefined,
    arn: s.EventDataStoreArn,
    status: settledStatus(s.Status),
    federationStatus: settledFederation(s.FederationStatus),
    kmsKeyArn: s.KmsKeyId,
    createdTimestamp: s.CreatedTimestamp?.toISOString(),
    updatedTimestamp: s.UpdatedTimestamp?.toISOString(),
  };
  if (prior.advancedEventSelectors === undefined && sameSelectors(selectorsOf(props), DEFAULT_SELECTORS))
    delete props.advancedEventSelectors;
  // AWS's default configuration stays omitted where the input omits it, as selectors do.
  if (prior.maxEventSize === undefined && props.maxEventSize === "Standard") delete props.maxEventSize;
  if (
    prior.contextKeySelectors === undefined &&
    (props.contextKeySelectors as Props[] | undefined)?.length === 0
  )
    delete props.contextKeySelectors;
  Object.assign(props, pick(prior, CARRIED));
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

const sameSelectors = (a: Props[], b: Props[]) => JSON.stringify(a) === JSON.stringify(b);

/** The store as CloudTrail has it now; undefined when it is gone or pending deletion (EDS-4). */
async function readStore(arn: string, prior: Props): Promise<Props | undefined> {
  const client = cloudTrail();
  let store: GetEventDataStoreResponse;
  try {
    store = await client.send(new GetEventDataStoreCommand({ EventDataStore: arn }));
  } catch (err) {
    if (errorName(err) === "EventDataStoreNotFoundException") return undefined;
    throw describeError(`GetEventDataStore of ${arn}`, err);
  }
  if (store.Status === "PENDING_DELETION") return undefined;
  let insights: { selectors: InsightSelector[]; destination?: string } = { selectors: [] };
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
async function findByName(name: string): Promise<{ arn: string; status?: string } | undefined> {
  let NextToken: string | undefined;
  do {
    const page = await cloudTrail()
      .send(new ListEventDataStoresCommand({ NextToken }))
      .catch((err: unknown) => {
        throw describeError(`ListEventDataStores (looking up the store named "${name}")`, err);
      });
    const found = page.EventDataStores?.find((s) => s.Name === name);
    if (found?.EventDataStoreArn) return { arn: found.EventDataStoreArn, status: found.Status };
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

/**
 * Brings an existing store from `current` to `desired` with the fewest calls: one
 * UpdateEventDataStore with the settings that differ, tags by difference, ingestion, Insights and
 * federation only when they differ. A failure after the first call reports what was applied.
 */
async function converge(arn: string, current: Props, desired: Props): Promise<Props> {
  const client = cloudTrail();
  const name = String(desired.name);
  let applied: Props = { ...current, ...pick(desired, CARRIED) };
  const step = async (action: string, call: () => Promise<Props | void>): Promise<void> => {
    try {
      applied = { ...applied, ...((await call()) ?? {}) };
    } catch (err) {
      const error = describeError(`${action} of event data store "${name}"`, err);
      throw new PartialCreateError(
        `${error.message}; the store keeps the changes made before it`,
        arn,
        defined(applied),
      );
    }
  };

  const settings = changedInputs(current, desired, Object.keys(SETTINGS))
    .filter(
      (k) => k !== "advancedEventSelectors" || !sameSelectors(selectorsOf(current), selectorsOf(desired)),
    )
    .filter((k) => k !== "kmsKeyId" || !sameKmsKey(desired.kmsKeyId, current)) as (keyof typeof SETTINGS)[];
  if (settings.length > 0) {
    const params: Record<string, unknown> = { EventDataStore: arn };
    for (const k of settings)
      params[SETTINGS[k]] =
        k === "advancedEventSelectors" ? toWireSelectors(selectorsOf(desired)) : desired[k];
    await step("UpdateEventDataStore", async () => {
      const updated = await client.send(new UpdateEventDataStoreCommand(params as never));
      return {
        ...pick(desired, settings),
        advancedEventSelectors: desired.advancedEventSelectors,
        kmsKeyArn: updated.KmsKeyId,
        status: settledStatus(updated.Status),
        updatedTimestamp: updated.UpdatedTimestamp?.toISOString(),
      };
    });
  }

  const { added, removed } = tagChanges(current.tags, desired.tags);
  if (Object.keys(added).length > 0)
    await step("AddTags", async () => {
      await client.send(new AddTagsCommand({ ResourceId: arn, TagsList: tagList(added) }));
      return { tags: { ...(applied.tags as Tags), ...added } };
    });
  if (removed.length > 0)
    await step("RemoveTags", async () => {
      await client.send(
        new RemoveTagsCommand({ ResourceId: arn, TagsList: removed.map((Key) => ({ Key })) }),
      );
      return { tags: desired.tags };
    });

  await convergeResourcePolicy(arn, current, desired, step);

  if (!sameEventConfiguration(current, desired)) {
    const wanted = eventConfiguration(desired);
    await step("PutEventConfiguration", async () => {
      await client.send(
        new PutEventConfigurationCommand({
          EventDataStore: arn,
          MaxEventSize: wanted.maxEventSize as never,
          ContextKeySelectors: (wanted.contextKeySelectors as Props[]).map((c) => ({
            Type: c.type as never,
            Equals: c.equals as string[],
          })),
        }),
      );
      return { maxEventSize: desired.maxEventSize, contextKeySelectors: desired.contextKeySelectors };
    });
  }

  if (Boolean(current.ingestionEnabled) !== Boolean(desired.ingestionEnabled)) {
    const start = Boolean(desired.ingestionEnabled);
    await step(start ? "StartEventDataStoreIngestion" : "StopEventDataStoreIngestion", async () => {
      const Command = start ? StartEventDataStoreIngestionCommand : StopEventDataStoreIngestionCommand;
      await client.send(new Command({ EventDataStore: arn }));
      return { ingestionEnabled: start, status: start ? "ENABLED" : "STOPPED_INGESTION" };
    });
  }

  const insightsOff = (p: Props) => ((p.insightSelectors as Props[] | undefined) ?? []).length === 0;
  if (insightsOff(current) && insightsOff(desired)) {
    applied = { ...applied, insightsDestination: desired.insightsDestination };
  } else if (changedInputs(current, desired, ["insightSelectors", "insightsDestination"]).length > 0) {
    const selectors = (desired.insightSelectors as Props[] | undefined) ?? [];
    // Turning Insights off still names a destination: the one they went to.
    const destination = desired.insightsDestination ?? current.insightsDestination;
    await step("PutInsightSelectors", async () => {
      await client.send(
        new PutInsightSelectorsCommand({
          EventDataStore: arn,
          InsightsDestination: destination as string,
          InsightSelectors: selectors.map((s) => ({ InsightType: s.insightType as never })),
        }),
      );
      return { insightSelectors: desired.insightSelectors, insightsDestination: desired.insightsDestination };
    });
  }

  const federation = changedInputs(current, desired, ["federationEnabled", "federationRoleArn"]);
  if (federation.length > 0) {
    // A new role for an enabled federation: off, then on with the new role (EDS-10).
    if (current.federationEnabled)
      await step("DisableFederation", async () => {
        await disableFederation(arn);
        // The declared role is kept, so that a failed EnableFederation after it is retried with it.
        return {
          federationEnabled: false,
          federationRoleArn: desired.federationRoleArn,
          federationStatus: "DISABLED",
        };
      });
    if (!desired.federationEnabled) applied = { ...applied, federationRoleArn: desired.federationRoleArn };
    else
      await step("EnableFederation", async () => {
        const out = await client.send(
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
  return Object.fromEntries(Object.entries(applied).filter(([, v]) => v !== undefined));
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

async function createStore(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const client = cloudTrail();
  const name = String(inputs.name);
  if (inputs.adopt) {
    const found = await findByName(name);
    if (found && found.status !== "PENDING_DELETION") {
      const existing = (await readStore(found.arn, inputs))!;
      const outs = await converge(
        found.arn,
        existing,
        declaredOrKept({ ...existing, adopted: true }, inputs),
      );
      return { id: found.arn, outs };
    }
  }
  const params: Record<string, unknown> = {
    Name: name,
    TagsList: tagList((inputs.tags ?? {}) as Tags),
    StartIngestion: inputs.ingestionEnabled,
  };
  for (const [input, wire] of Object.entries(SETTINGS)) params[wire] = inputs[input];
  if (inputs.advancedEventSelectors)
    params.AdvancedEventSelectors = toWireSelectors(inputs.advancedEventSelectors as Props[]);
  let arn: string;
  let created: Props;
  try {
    const out = await client.send(new CreateEventDataStoreCommand(params as never));
    arn = out.EventDataStoreArn!;
    const prior = { ...inputs, kmsKeyArn: out.KmsKeyId };
    created = storeProps(
      out as GetEventDataStoreResponse,
      { insights: { selectors: [] }, tags: (inputs.tags ?? {}) as Tags },
      prior,
    );
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
  return { id: arn, outs };
}

/** EDS-5: a store of this name pending deletion is restored and converged; a live one is refused. */
async function restoreOrRefuse(name: string, inputs: Props): Promise<pulumi.dynamic.CreateResult> {
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

/** Why a protected store is not deleted, naming what to change (EDS-3). */
function protectedError(name: string, action: string): Error {
  return new Error(
    `event data store "${name}" has termination protection on (EDS-3), so ${action} would delete it and its ` +
      `events; nothing was changed. Set forceDestroy: true (or terminationProtectionEnabled: false) and run ` +
      `up first if that is intended`,
  );
}

async function deleteStore(id: string, props: Props): Promise<void> {
  const client = cloudTrail();
  const name = String(props.name);
  if (props.terminationProtectionEnabled && !props.forceDestroy) throw protectedError(name, "destroy");
  const send = async (action: string, call: () => Promise<unknown>) => {
    try {
      await call();
    } catch (err) {
      // Gone, or deleted already (pending deletion, EDS-4): nothing left to do.
      if (GONE.includes(errorName(err) ?? "")) return false;
      throw describeError(`${action} of event data store "${name}"`, err);
    }
    return true;
  };
  if (props.terminationProtectionEnabled) {
    const off = () =>
      client.send(
        new UpdateEventDataStoreCommand({ EventDataStore: id, TerminationProtectionEnabled: false }),
      );
    if (!(await send("UpdateEventDataStore (protection off)", off))) return;
  }
  // Never leave the store less protected, or less federated, than declared when it stays.
  let federationOff = false;
  const putBack = async (): Promise<string> => {
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
  };
  if (props.federationEnabled) {
    try {
      federationOff = await send("DisableFederation", () => disableFederation(id));
    } catch (err) {
      throw new Error(`${(err as Error).message}${await putBack()}`);
    }
    if (!federationOff) return;
  }
  try {
    await client.send(new DeleteEventDataStoreCommand({ EventDataStore: id }));
  } catch (err) {
    if (GONE.includes(errorName(err) ?? "")) return;
    const left = await putBack();
    if (errorName(err) === "ChannelExistsForEDSException") {
      throw new Error(
        `event data store "${name}" cannot be deleted while a channel delivers to it (EDS-11): ` +
          `${(err as Error).message} Delete the channel, or remove this store from its destinations, first${left}`,
      );
    }
    throw new Error(
      `${describeError(`DeleteEventDataStore of event data store "${name}"`, err).message}${left}`,
    );
  }
  // A dynamic provider reaches the user through its output only: the engine shows it.
  const until = new Date(Date.now() + RESTORABLE_DAYS * 86_400_000).toISOString();
  console.log(
    `event data store "${name}" (${id}) is deleted and restorable until about ${until} (EDS-4): ` +
      `declare it again and the next up restores it with its events (EDS-5), or call RestoreEventDataStore`,
  );
}

/**
 * Whether the key given names the key the store has: the same text, or an alias, alias ARN, key
 * id or key ARN that AWS reported back as `arn` (NAME-5).
 */
function sameKmsKey(given: unknown, had: Props): boolean {
  if (given === had.kmsKeyId) return true;
  const arn = String(had.kmsKeyArn ?? had.kmsKeyId ?? "");
  return (
    typeof given === "string" && (given === arn || arn.endsWith(`:${given}`) || arn.endsWith(`:key/${given}`))
  );
}

/** Changes UpdateEventDataStore cannot make (EDS-12, EDS-13): they need a new store. */
const REPLACING: Record<string, { when: string; test: (olds: Props, news: Props) => boolean }> = {
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

function replacing(olds: Props, news: Props): string[] {
  return Object.keys(REPLACING).filter((input) => REPLACING[input].test(olds, news));
}

/** The EventDataStore resource's dynamic provider (see sdk/event-data-store.ts). */
export const eventDataStoreProvider: pulumi.dynamic.ResourceProvider = {
  configure: configureFromStack,

  async check(olds: Props, news: Props) {
    return withUndeclared(checkNamedInputs("EventDataStore", olds, news), news, KEPT_WHEN_UNDECLARED);
  },

  async diff(_id: string, olds: Props, declared: Props) {
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
      const what = `changing ${replaces.join(" and ")} of event data store "${String(olds.name)}"`;
      // A deleted store keeps its name for 7 days (EDS-4): the new one needs another.
      if (olds.name === news.name)
        throw new Error(
          `${what} needs a new store (EDS-12, EDS-13), and a deleted store keeps its name while restorable ` +
            `(EDS-4); give the resource a new name too, or keep the setting`,
        );
      if (olds.terminationProtectionEnabled && !olds.forceDestroy)
        throw protectedError(String(olds.name), `${what}, which replaces it,`);
      refuseLosingKept(`event data store "${String(olds.name)}"`, olds, declared, replaces);
    }
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  create: createStore,

  async read(id: string, props: Props) {
    const current = await readStore(id, props);
    return current ? { id, props: current } : { id: "", props: {} };
  },

  async update(id: string, olds: Props, news: Props) {
    const desired = { ...declaredOrKept(olds, news), adopted: olds.adopted, restored: olds.restored };
    return { outs: await converge(id, olds, desired) };
  },

  delete: deleteStore,
};
