import {
  CreateDashboardCommand,
  DeleteDashboardCommand,
  GetDashboardCommand,
  UpdateDashboardCommand,
  ListDashboardsCommand,
  type ListDashboardsResponse,
  type GetDashboardResponse,
  type RefreshSchedule,
  type RequestWidget,
  type Widget,
} from "@aws-sdk/client-cloudtrail";
import type * as pulumi from "@pulumi/pulumi";
import { adoptableCheck, declaredOrKept, refuseLosingKept } from "./adopt";
import { describeError, errorName, findInPages } from "./aws";
import { cloudTrail, configureFromStack } from "./config";
import { Convergence, convergeTags, readTags, tagList } from "./converge";
import type { DashboardInputs, DashboardRefreshSchedule, DashboardWidget } from "../sdk/inputs";
import { defined, pick, type Adoption, type Checked } from "./props";
import { changedInputs, replacingInputs, type ReplacedBy } from "./resource";
import { convergeResourcePolicy, readResourcePolicy } from "./resource-policy";

/** UpdateDashboard takes no name, and the name is the ARN's last part (DASH-1): a new name is a new dashboard. */
export const replacedBy: ReplacedBy = { name: "" };
// A dashboard's lifecycle: CreateDashboard (widgets, schedule, protection, tags), GetDashboard for
// what AWS fills in; UpdateDashboard for widgets, schedule and protection; tags and the resource
// policy by their own calls. Destroy refuses a protected dashboard before any call unless
// forceDestroy (DASH-1). The resource id is the dashboard's ARN.

/**
 * A dashboard's props: its inputs as check normalised them (name given or generated, the policy as
 * canonical text), and, once it exists, what CloudTrail reports (the sdk class's outputs).
 */
interface Dashboard extends Omit<DashboardInputs, "name" | "resourcePolicy">, Adoption, Checked {
  name: string;
  resourcePolicy?: string;
  arn?: string;
  type?: "CUSTOM" | "MANAGED";
  status?: string;
  createdTimestamp?: string;
  updatedTimestamp?: string;
}

/** Inputs and outputs that CloudTrail does not hold: carried from one state to the next. */
const CARRIED = ["adopt", "adopted", "__autoName", "forceDestroy"] as const;

/** Settings UpdateDashboard changes. */
const SETTINGS = ["widgets", "refreshSchedule", "terminationProtectionEnabled"] as const;

/** What an adopted dashboard keeps as it has it while the program leaves it out (`withUndeclared`). */
const KEPT_WHEN_UNDECLARED = ["widgets", "refreshSchedule", "tags", "resourcePolicy"];

/** The Dashboard resource's dynamic provider (see sdk/dashboard.ts). */
export const dashboardProvider: pulumi.dynamic.ResourceProvider = {
  configure: configureFromStack,

  // A generated name may not hold the dots a resource name can (DASH-1): they become dashes first.
  check: (olds: Dashboard, news: Dashboard) =>
    adoptableCheck("Dashboard", KEPT_WHEN_UNDECLARED)(olds, {
      ...news,
      ...(news.__autoName !== undefined ? { __autoName: news.__autoName.replaceAll(".", "-") } : {}),
    }),

  async diff(_id: string, olds: Dashboard, declared: Dashboard) {
    const news = declaredOrKept(olds, declared);
    const changed = changedInputs(olds, news, [
      "name",
      ...SETTINGS,
      "tags",
      "resourcePolicy",
      "forceDestroy",
    ]);
    const replaces = replacingInputs(replacedBy, changed);
    if (replaces.length > 0) {
      if (olds.terminationProtectionEnabled && !olds.forceDestroy)
        throw protectedError(olds.name, "renaming it, which replaces it,");
      refuseLosingKept(`dashboard "${olds.name}"`, olds, declared, replaces);
    }
    // A new name never collides with the old one: create before delete.
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs: Dashboard) {
    const created = await createDashboard(inputs);
    // The policy needs the dashboard's ARN: a failure after CreateDashboard keeps it in state (partial).
    if (created) return { id: created.arn, outs: await converge(created.arn, created.props, inputs) };
    return adoptDashboard(inputs);
  },

  async read(id: string, props: Dashboard) {
    const current = await readDashboard(id, props);
    return current ? { id, props: current } : { id: "", props: {} };
  },

  async update(id: string, olds: Dashboard, news: Dashboard) {
    return { outs: await converge(id, olds, { ...declaredOrKept(olds, news), adopted: olds.adopted }) };
  },

  delete: deleteDashboard,
};

/** CreateDashboard; undefined when a dashboard of this name exists already (DASH-1). */
async function createDashboard(inputs: Dashboard): Promise<{ arn: string; props: Dashboard } | undefined> {
  const name = inputs.name;
  try {
    const out = await cloudTrail().send(
      new CreateDashboardCommand({
        Name: name,
        Widgets: toWireWidgets(inputs.widgets),
        RefreshSchedule: toWireSchedule(inputs.refreshSchedule),
        TerminationProtectionEnabled: Boolean(inputs.terminationProtectionEnabled),
        TagsList: tagList(inputs.tags ?? {}),
      }),
    );
    return {
      arn: out.DashboardArn!,
      props: defined({
        ...pick(inputs, [...SETTINGS, "tags"]),
        name,
        arn: out.DashboardArn,
        type: out.Type,
      }),
    };
  } catch (err) {
    // ConflictException has other causes than the name being taken: told apart by looking.
    if (errorName(err) === "ConflictException" && (await findByName(name))) return undefined;
    throw describeError(`CreateDashboard of dashboard "${name}"`, err);
  }
}

/** DASH-1: the dashboard of this name taken over (adopt: true); refused otherwise. */
async function adoptDashboard(inputs: Dashboard): Promise<pulumi.dynamic.CreateResult> {
  const name = inputs.name;
  const arn = inputs.adopt ? await findByName(name) : undefined;
  const existing = arn ? await readDashboard(arn, inputs) : undefined;
  if (!arn || !existing)
    throw new Error(
      `dashboard "${name}" already exists (DASH-1); set adopt: true to take it over and bring it to the ` +
        `declared widgets, schedule and tags, or give this resource another name`,
    );
  return {
    id: arn,
    outs: await converge(arn, existing, declaredOrKept({ ...existing, adopted: true }, inputs)),
  };
}

/** UpdateDashboard with what differs, tags by difference, the policy, then what AWS reports of it. */
async function converge(arn: string, current: Dashboard, desired: Dashboard): Promise<Dashboard> {
  const start = { ...current, ...pick(desired, CARRIED) };
  const c = new Convergence(`dashboard "${desired.name}"`, "dashboard", arn, start);
  await updateSettings(c, arn, current, desired);
  await convergeTags(c, arn, current, desired);
  await convergeResourcePolicy(c, arn, current, desired);
  // Status and timestamps come from GetDashboard: after create, or when an earlier up failed before it.
  if (c.state.status === undefined)
    await c.step("GetDashboard", async () => reportedProps(await getDashboard(arn)));
  return c.result();
}

/** One UpdateDashboard with the widgets, schedule and protection that differ. */
async function updateSettings(
  c: Convergence<Dashboard>,
  arn: string,
  current: Dashboard,
  desired: Dashboard,
): Promise<void> {
  const settings = changedInputs(current, desired, SETTINGS);
  if (settings.length === 0) return;
  await c.step("UpdateDashboard", async () => {
    const out = await cloudTrail().send(
      new UpdateDashboardCommand({
        DashboardId: arn,
        Widgets: settings.includes("widgets") ? toWireWidgets(desired.widgets) : undefined,
        // A schedule no longer declared is turned off: UpdateDashboard keeps what it is not given.
        RefreshSchedule: settings.includes("refreshSchedule")
          ? (toWireSchedule(desired.refreshSchedule) ?? { Status: "DISABLED" })
          : undefined,
        TerminationProtectionEnabled: settings.includes("terminationProtectionEnabled")
          ? Boolean(desired.terminationProtectionEnabled)
          : undefined,
      }),
    );
    // A setting no longer declared (the schedule) leaves state too.
    return {
      // Each changed setting, an undeclared one as undefined.
      ...Object.fromEntries(settings.map((k) => [k, desired[k]])),
      status: "UPDATED",
      ...timestamps(out),
    };
  });
}

/** Destroy: refused for a protected dashboard unless forceDestroy (DASH-1); protection goes off first. */
async function deleteDashboard(id: string, props: Dashboard): Promise<void> {
  const name = props.name;
  if (props.terminationProtectionEnabled && !props.forceDestroy) throw protectedError(name, "destroy");
  /** One call of the delete; false when the dashboard is gone already (nothing left to delete). */
  const call = async (action: string, send: () => Promise<unknown>) => {
    try {
      await send();
      return true;
    } catch (err) {
      if (errorName(err) === "ResourceNotFoundException") return false;
      throw describeError(`${action} of dashboard "${name}" (${id})`, err);
    }
  };
  if (
    props.terminationProtectionEnabled &&
    !(await call("UpdateDashboard (protection off)", () =>
      cloudTrail().send(new UpdateDashboardCommand({ DashboardId: id, TerminationProtectionEnabled: false })),
    ))
  )
    return;
  await call("DeleteDashboard", () => cloudTrail().send(new DeleteDashboardCommand({ DashboardId: id })));
}

function protectedError(name: string, action: string): Error {
  return new Error(
    `dashboard "${name}" has termination protection on (DASH-1), so ${action} would delete it; nothing was ` +
      `changed. Set forceDestroy: true (or terminationProtectionEnabled: false) and run up first if that is intended`,
  );
}

async function getDashboard(arn: string): Promise<GetDashboardResponse> {
  return cloudTrail().send(new GetDashboardCommand({ DashboardId: arn }));
}

/** The dashboard as CloudTrail has it now (GetDashboard, ListTags, GetResourcePolicy); undefined when it is gone. */
async function readDashboard(arn: string, prior: Dashboard): Promise<Dashboard | undefined> {
  let d: GetDashboardResponse;
  try {
    d = await getDashboard(arn);
  } catch (err) {
    if (errorName(err) === "ResourceNotFoundException") return undefined;
    throw describeError(`GetDashboard of ${arn}`, err);
  }
  return defined({
    name: arn.slice(arn.indexOf(":dashboard/") + ":dashboard/".length),
    widgets: (d.Widgets ?? []).map(fromWireWidget),
    refreshSchedule: fromWireSchedule(d.RefreshSchedule, prior.refreshSchedule),
    terminationProtectionEnabled: d.TerminationProtectionEnabled ?? false,
    tags: await readTags(arn),
    resourcePolicy: await readResourcePolicy(arn),
    arn,
    ...reportedProps(d),
    ...pick(prior, CARRIED),
  });
}

/** The ARN of the dashboard of this name (names are unique, DASH-1). */
function findByName(name: string): Promise<string | undefined> {
  return findInPages(
    dashboardPages(name),
    (page) => page.Dashboards?.find((d) => d.DashboardArn?.endsWith(`:dashboard/${name}`))?.DashboardArn,
    `ListDashboards (looking up the dashboard named "${name}")`,
  );
}

/** ListDashboards' pages of names starting with `prefix` (the SDK has no paginator for it). */
async function* dashboardPages(prefix: string): AsyncGenerator<ListDashboardsResponse> {
  let NextToken: string | undefined;
  do {
    const page = await cloudTrail().send(new ListDashboardsCommand({ NamePrefix: prefix, NextToken }));
    yield page;
    NextToken = page.NextToken;
  } while (NextToken);
}

/** The outputs only AWS knows: type, status and times (ISO strings). */
function reportedProps(d: GetDashboardResponse): Partial<Dashboard> {
  return defined({ type: d.Type, status: d.Status, ...timestamps(d) });
}

function timestamps(d: { CreatedTimestamp?: Date; UpdatedTimestamp?: Date }): Partial<Dashboard> {
  return defined({
    createdTimestamp: d.CreatedTimestamp?.toISOString(),
    updatedTimestamp: d.UpdatedTimestamp?.toISOString(),
  });
}

const toWireWidgets = (widgets: DashboardWidget[] = []): RequestWidget[] =>
  widgets.map((w) => ({
    QueryStatement: w.queryStatement,
    QueryParameters: w.queryParameters,
    ViewProperties: w.viewProperties,
  }));

/** A widget as AWS reports it, without the QueryAlias AWS assigns. */
const fromWireWidget = (w: Widget): DashboardWidget =>
  defined({
    queryStatement: w.QueryStatement ?? "",
    // AWS reports the parameters it was given, which are schema.json's (DASH-3).
    queryParameters: w.QueryParameters as DashboardWidget["queryParameters"],
    viewProperties: w.ViewProperties ?? {},
  });

function toWireSchedule(s: DashboardRefreshSchedule | undefined): RefreshSchedule | undefined {
  if (!s) return undefined;
  return {
    Frequency: { Unit: s.frequency.unit, Value: s.frequency.value },
    Status: s.status,
    TimeOfDay: s.timeOfDay,
  };
}

/**
 * The schedule as AWS reports it, less what AWS fills in itself: the 00:00 time of day when none
 * was declared, and the DISABLED schedule that stands for one no longer declared.
 */
function fromWireSchedule(
  s: RefreshSchedule | undefined,
  declared: DashboardRefreshSchedule | undefined,
): DashboardRefreshSchedule | undefined {
  if (!s?.Frequency?.Unit || (!declared && s.Status === "DISABLED")) return undefined;
  const timeOfDay = s.TimeOfDay === "00:00" && declared?.timeOfDay === undefined ? undefined : s.TimeOfDay;
  return defined({
    frequency: { unit: s.Frequency.Unit, value: s.Frequency.Value ?? 0 },
    status: s.Status,
    timeOfDay,
  });
}
