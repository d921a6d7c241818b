import { randomUUID } from "node:crypto";
import { fail, ServiceError } from "../errors";
import { pageToken, readPageToken, type RequestContext } from "../context";
import { checkTags, type Tag } from "../rules/names";
import { findStore, storeKind } from "./event-data-stores";
import { startQuery } from "./queries";
import { lakeRegion, type DashboardRecord, type DashboardSchedule, type DashboardWidget } from "./state";

// CloudTrail Lake dashboards (DASH-1..DASH-6): custom dashboards of up to ten widgets, each a Lake
// query; the Highlights dashboard, which CloudTrail manages; refreshes that run the widgets'
// queries on the query engine, by hand (StartDashboardRefresh) or on the refresh schedule, which
// runs only while the dashboard's resource policy lets CloudTrail refresh it.

type Json = Record<string, unknown>;
type RequestWidget = {
  QueryStatement: string;
  QueryParameters?: string[];
  ViewProperties: Record<string, string>;
};
type Schedule = { Frequency?: { Unit?: string; Value?: number }; Status?: string; TimeOfDay?: string };

export const DASHBOARD_ARN = /^arn:(aws[a-z-]*):cloudtrail:([a-z0-9-]+):(\d{12}):dashboard\/(.+)$/;

/** DASH-1: names as the model constrains them. */
const NAME = /^[a-zA-Z0-9_-]{3,128}$/;
/** DASH-1: the one dashboard CloudTrail manages that CreateDashboard makes. */
const HIGHLIGHTS = "AWSCloudTrail-Highlights";
/** DASH-1: dashboards per account and region (a guess: AWS documents no number). */
const MAX_DASHBOARDS = 100;
/** DASH-2 */
const MAX_WIDGETS = 10;
/** DASH-3: what a widget's `?` placeholders may stand for, and at refresh (DASH-6) what a managed dashboard also takes. */
const CUSTOM_PARAMETERS = ["$StartTime$", "$EndTime$", "$Period$"];
const MANAGED_PARAMETERS = [...CUSTOM_PARAMETERS, "$EventDataStoreId$"];
const VIEW_KEY = /^[a-zA-Z0-9._-]{3,128}$/;
const VIEW_VALUE = /^[a-zA-Z0-9._\- ]{1,128}$/;
/** DASH-4 */
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const HOUR_MS = 3_600_000;

const invalid = (message: string): never => fail("ValidationException", message);

function regionDashboards(ctx: RequestContext): Record<string, DashboardRecord> {
  return lakeRegion(ctx.state.lake, ctx.account, ctx.region).dashboards;
}

function dashboardArn(ctx: RequestContext, name: string): string {
  return `arn:${ctx.partition}:cloudtrail:${ctx.region}:${ctx.account}:dashboard/${name}`;
}

/** A dashboard by name or ARN (ResourceNotFoundException). */
export function findDashboard(ctx: RequestContext, ref: string): DashboardRecord {
  if (ref.length < 3 || ref.length > 256 || !/^[a-zA-Z0-9._/\-:]+$/.test(ref))
    invalid(`The dashboard name or ARN ${ref} is not valid. (DASH-1)`);
  if (ref.startsWith("arn:") && !DASHBOARD_ARN.test(ref))
    invalid(`The dashboard ARN ${ref} is not valid. (DASH-1)`);
  const arn = ref.startsWith("arn:") ? ref : dashboardArn(ctx, ref);
  const dashboards = regionDashboards(ctx);
  return Object.hasOwn(dashboards, arn)
    ? dashboards[arn]
    : fail("ResourceNotFoundException", `The dashboard ${ref} does not exist.`);
}

/**
 * DASH-3: a statement with each `?` placeholder replaced by `bind(n)` for the n-th one. `'?'`
 * (eventTime's form) and a bare `?` are both placeholders; a `?` inside another literal is not.
 */
function replacePlaceholders(statement: string, bind: (n: number) => string): string {
  let out = "";
  let n = 0;
  let inString = false;
  for (let i = 0; i < statement.length; i++) {
    const c = statement[i];
    if (!inString && statement.startsWith("'?'", i)) {
      out += bind(n++);
      i += 2;
    } else if (c === "?" && !inString) out += bind(n++);
    else {
      if (c === "'") inString = !inString;
      out += c;
    }
  }
  return out;
}

/** A statement with its placeholders bound to `values`, in order, as string literals (DASH-3). */
export function bindPlaceholders(statement: string, values: readonly string[]): string {
  return replacePlaceholders(statement, (n) => `'${(values[n] ?? "").replaceAll("'", "''")}'`);
}

/** How many placeholders a statement has (DASH-3). */
function placeholderCount(statement: string): number {
  let count = 0;
  replacePlaceholders(statement, () => String(count++));
  return count;
}

/** DASH-6's defaults: the last day, by the hour (AWS documents none; a guess). */
function defaultValues(now: Date): Record<string, string> {
  const sql = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");
  return {
    $StartTime$: sql(new Date(now.getTime() - 24 * HOUR_MS)),
    $EndTime$: sql(now),
    $Period$: "hour",
  };
}

/** DASH-2, DASH-3: widgets within the limits, each query valid against the stores it names. */
async function checkWidgets(ctx: RequestContext, widgets: RequestWidget[]): Promise<DashboardWidget[]> {
  if (widgets.length > MAX_WIDGETS)
    invalid(`A custom dashboard takes at most ${MAX_WIDGETS} widgets; got ${widgets.length}. (DASH-2)`);
  const checked: DashboardWidget[] = [];
  for (const [i, w] of widgets.entries()) {
    if (w.QueryStatement.length < 1 || w.QueryStatement.length > 10_000)
      invalid(`Widgets[${i}].QueryStatement must be 1 to 10000 characters. (DASH-2)`);
    const params = w.QueryParameters;
    if (params !== undefined) {
      if (params.length < 1 || params.length > 10)
        invalid(`Widgets[${i}].QueryParameters takes 1 to 10 parameters. (DASH-3)`);
      for (const p of params)
        if (!CUSTOM_PARAMETERS.includes(p))
          invalid(
            `Widgets[${i}].QueryParameters: ${p} is not one of ${CUSTOM_PARAMETERS.join(", ")}. (DASH-3)`,
          );
    }
    const entries = Object.entries(w.ViewProperties);
    if (entries.length === 0) invalid(`Widgets[${i}].ViewProperties needs at least one property. (DASH-2)`);
    for (const [k, v] of entries)
      if (!VIEW_KEY.test(k) || typeof v !== "string" || !VIEW_VALUE.test(v))
        invalid(
          `Widgets[${i}].ViewProperties: keys are 3-128 letters, digits, '.', '_' or '-'; values 1-128 of those or spaces. (DASH-2)`,
        );
    const count = placeholderCount(w.QueryStatement);
    if (count !== (params?.length ?? 0))
      fail(
        "InvalidQueryStatementException",
        `Widgets[${i}].QueryStatement has ${count} '?' placeholders but ${params?.length ?? 0} QueryParameters. (DASH-3)`,
      );
    const defaults = defaultValues(ctx.now);
    await checkStatement(
      ctx,
      bindPlaceholders(
        w.QueryStatement,
        (params ?? []).map((p) => defaults[p]),
      ),
    );
    checked.push({
      QueryAlias: `widget-${i + 1}`,
      QueryStatement: w.QueryStatement,
      QueryParameters: params,
      ViewProperties: { ...w.ViewProperties },
    });
  }
  return checked;
}

/** Q-3 through the query engine: the statement parses and names only active stores of this account. */
async function checkStatement(ctx: RequestContext, statement: string): Promise<void> {
  const engine = await ctx.lakeQueries.open();
  const prepared = await engine.prepare(
    statement,
    (ref) => {
      const store = findStore(ctx, ref, true);
      return { ref: store.EventDataStoreArn, kind: storeKind(store), events: store.events };
    },
    { now: ctx.now, account: ctx.account },
  );
  prepared.discard();
}

/** DASH-4: a schedule's frequency, status and time of day; the Highlights dashboard's is fixed. */
function checkSchedule(s: Schedule, highlights: boolean): DashboardSchedule {
  const status = s.Status ?? "DISABLED";
  if (status !== "ENABLED" && status !== "DISABLED")
    invalid(`RefreshSchedule.Status is ENABLED or DISABLED; got ${status}. (DASH-4)`);
  const timeOfDay = s.TimeOfDay ?? "00:00";
  if (!TIME_OF_DAY.test(timeOfDay))
    invalid(`RefreshSchedule.TimeOfDay is HH:MM in UTC; got ${timeOfDay}. (DASH-4)`);
  let frequency: DashboardSchedule["Frequency"];
  if (s.Frequency !== undefined) {
    const { Unit, Value } = s.Frequency;
    if (Unit !== "HOURS" && Unit !== "DAYS")
      invalid(`RefreshSchedule.Frequency.Unit is HOURS or DAYS; got ${String(Unit)}. (DASH-4)`);
    const allowed = highlights ? [6] : Unit === "HOURS" ? [1, 6, 12, 24] : [1];
    if (highlights && Unit !== "HOURS") invalid(`The Highlights dashboard refreshes in HOURS. (DASH-4)`);
    if (typeof Value !== "number" || !allowed.includes(Value))
      invalid(
        `RefreshSchedule.Frequency.Value for ${Unit} is one of ${allowed.join(", ")}; got ${String(Value)}. (DASH-4)`,
      );
    frequency = { Unit: Unit as "HOURS" | "DAYS", Value: Value! };
  }
  if (status === "ENABLED" && !frequency) invalid("An ENABLED RefreshSchedule needs a Frequency. (DASH-4)");
  if (highlights && status !== "ENABLED")
    invalid("The Highlights dashboard needs an ENABLED refresh schedule, every 6 HOURS. (DASH-4)");
  return { Frequency: frequency, Status: status as DashboardSchedule["Status"], TimeOfDay: timeOfDay };
}

/** The dashboard as Create, Get and Update answer with it (Get without its name). */
function view(d: DashboardRecord): Json {
  return {
    DashboardArn: d.DashboardArn,
    Type: d.Type,
    Widgets: d.Widgets,
    RefreshSchedule: d.RefreshSchedule,
    TerminationProtectionEnabled: d.TerminationProtectionEnabled,
  };
}

export async function createDashboard(
  ctx: RequestContext,
  p: {
    Name: string;
    RefreshSchedule?: Schedule;
    TagsList?: Tag[];
    TerminationProtectionEnabled?: boolean;
    Widgets?: RequestWidget[];
  },
): Promise<Json> {
  if (!NAME.test(p.Name))
    invalid(`Dashboard name ${p.Name} is not valid: 3 to 128 letters, digits, '_' and '-'. (DASH-1)`);
  const highlights = p.Name === HIGHLIGHTS;
  if (!highlights && p.Name.startsWith("AWSCloudTrail-"))
    invalid(`The prefix AWSCloudTrail- is CloudTrail's own; only ${HIGHLIGHTS} may be created. (DASH-1)`);
  if (highlights && (p.Widgets?.length ?? 0) > 0)
    invalid("The Highlights dashboard's widgets are CloudTrail's: give none. (DASH-1)");
  if (highlights && !p.RefreshSchedule)
    invalid("The Highlights dashboard needs an ENABLED refresh schedule, every 6 HOURS. (DASH-4)");
  const schedule = p.RefreshSchedule ? checkSchedule(p.RefreshSchedule, highlights) : undefined;
  const tags = p.TagsList ?? [];
  checkTags(tags);
  // Too many tags is InvalidTagParameterException here: CreateDashboard lists no TagsLimitExceededException.
  if (tags.length > 50)
    fail("InvalidTagParameterException", `A dashboard takes at most 50 tags; got ${tags.length}. (NAME-6)`);
  const arn = dashboardArn(ctx, p.Name);
  const dashboards = regionDashboards(ctx);
  if (Object.hasOwn(dashboards, arn))
    fail("ConflictException", `A dashboard named ${p.Name} already exists. (DASH-1)`);
  if (Object.keys(dashboards).length >= MAX_DASHBOARDS)
    fail(
      "ServiceQuotaExceededException",
      `Account ${ctx.account} already has ${MAX_DASHBOARDS} dashboards in ${ctx.region}. (DASH-1)`,
    );
  const widgets = await checkWidgets(ctx, p.Widgets ?? []);
  const now = ctx.now.getTime();
  const d: DashboardRecord = {
    DashboardArn: arn,
    Name: p.Name,
    Type: highlights ? "MANAGED" : "CUSTOM",
    Status: "CREATED",
    Widgets: widgets,
    RefreshSchedule: schedule,
    TerminationProtectionEnabled: p.TerminationProtectionEnabled ?? false,
    CreatedTimestamp: now,
    UpdatedTimestamp: now,
    Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value ?? "" })),
    scheduledUntil: now,
  };
  dashboards[arn] = d;
  return { ...view(d), Name: d.Name, TagsList: d.Tags };
}

export async function getDashboard(ctx: RequestContext, p: { DashboardId: string }): Promise<Json> {
  const d = findDashboard(ctx, p.DashboardId);
  await runDueSchedule(ctx, d);
  return {
    ...view(d),
    Status: d.Status,
    CreatedTimestamp: d.CreatedTimestamp / 1000,
    UpdatedTimestamp: d.UpdatedTimestamp / 1000,
    LastRefreshId: d.LastRefreshId,
    LastRefreshFailureReason: d.LastRefreshFailureReason,
  };
}

export async function updateDashboard(
  ctx: RequestContext,
  p: {
    DashboardId: string;
    Widgets?: RequestWidget[];
    RefreshSchedule?: Schedule;
    TerminationProtectionEnabled?: boolean;
  },
): Promise<Json> {
  const d = findDashboard(ctx, p.DashboardId);
  const highlights = d.Type === "MANAGED";
  if (highlights && (p.Widgets?.length ?? 0) > 0)
    invalid("The Highlights dashboard's widgets are CloudTrail's: give none. (DASH-1)");
  const schedule = p.RefreshSchedule ? checkSchedule(p.RefreshSchedule, highlights) : d.RefreshSchedule;
  const widgets = p.Widgets === undefined || highlights ? d.Widgets : await checkWidgets(ctx, p.Widgets);
  const now = ctx.now.getTime();
  // A schedule turned on counts from now: no refresh is owed for the time it was off (DASH-5).
  if (schedule?.Status === "ENABLED" && d.RefreshSchedule?.Status !== "ENABLED") d.scheduledUntil = now;
  d.Widgets = widgets;
  d.RefreshSchedule = schedule;
  d.TerminationProtectionEnabled = p.TerminationProtectionEnabled ?? d.TerminationProtectionEnabled;
  d.Status = "UPDATED";
  d.UpdatedTimestamp = now;
  return {
    ...view(d),
    Name: d.Name,
    CreatedTimestamp: d.CreatedTimestamp / 1000,
    UpdatedTimestamp: now / 1000,
  };
}

/** DASH-1: a protected dashboard is refused (ConflictException, a guess: AWS names no error of its own). */
export function deleteDashboard(ctx: RequestContext, p: { DashboardId: string }): Json {
  const d = findDashboard(ctx, p.DashboardId);
  if (d.TerminationProtectionEnabled)
    fail(
      "ConflictException",
      `Dashboard ${d.Name} has termination protection enabled; disable it (UpdateDashboard) before deleting. (DASH-1)`,
    );
  delete regionDashboards(ctx)[d.DashboardArn];
  return {};
}

export function listDashboards(
  ctx: RequestContext,
  p: { NamePrefix?: string; Type?: string; NextToken?: string; MaxResults?: number },
): Json {
  const max = p.MaxResults ?? ctx.pageSize;
  if (!Number.isInteger(max) || max < 1 || max > 1000)
    invalid(`MaxResults ${max} is not between 1 and 1000.`);
  if (p.Type !== undefined && p.Type !== "CUSTOM" && p.Type !== "MANAGED")
    invalid(`Type is CUSTOM or MANAGED; got ${p.Type}.`);
  if (p.NamePrefix !== undefined && p.NamePrefix.length > 128)
    invalid("NamePrefix takes at most 128 characters.");
  const bound = `ListDashboards:${p.NamePrefix ?? ""}:${p.Type ?? ""}`;
  const offset = readPageToken(p.NextToken, bound);
  if (offset === undefined) return invalid("The NextToken is not valid.");
  const all = Object.values(regionDashboards(ctx))
    .filter(
      (d) =>
        (p.NamePrefix === undefined || d.Name.startsWith(p.NamePrefix)) && (!p.Type || d.Type === p.Type),
    )
    .sort((a, b) => a.Name.localeCompare(b.Name));
  return {
    Dashboards: all.slice(offset, offset + max).map((d) => ({ DashboardArn: d.DashboardArn, Type: d.Type })),
    NextToken: offset + max < all.length ? pageToken(offset + max, bound) : undefined,
  };
}

/** DASH-6: runs every widget's query with the parameter values given; answers the refresh id. */
export async function startDashboardRefresh(
  ctx: RequestContext,
  p: { DashboardId: string; QueryParameterValues?: Record<string, string> },
): Promise<Json> {
  const d = findDashboard(ctx, p.DashboardId);
  const given = p.QueryParameterValues ?? {};
  const allowed = d.Type === "MANAGED" ? MANAGED_PARAMETERS : CUSTOM_PARAMETERS;
  for (const [k, v] of Object.entries(given)) {
    if (!allowed.includes(k))
      invalid(`QueryParameterValues: ${k} is not one of ${allowed.join(", ")}. (DASH-6)`);
    if (typeof v !== "string" || v.length < 1 || v.length > 1024)
      invalid(`QueryParameterValues: the value of ${k} must be 1 to 1024 characters. (DASH-6)`);
  }
  if (d.Type === "MANAGED") {
    if (given.$EventDataStoreId$ === undefined)
      invalid("A managed dashboard's refresh needs $EventDataStoreId$. (DASH-6)");
    findStore(ctx, given.$EventDataStoreId$, true);
  }
  return { RefreshId: await refresh(ctx, d, given) };
}

/** Starts each widget's query; all or none (ServiceQuotaExceededException past Q-1's concurrency). */
async function refresh(
  ctx: RequestContext,
  d: DashboardRecord,
  given: Record<string, string>,
): Promise<string> {
  const values = { ...defaultValues(ctx.now), ...given };
  const queries: Record<string, string> = {};
  for (const w of d.Widgets) {
    const statement = bindPlaceholders(
      w.QueryStatement,
      (w.QueryParameters ?? []).map((k) => values[k]),
    );
    try {
      queries[w.QueryAlias] = String((await startQuery(ctx, { QueryStatement: statement })).QueryId);
    } catch (e) {
      if (e instanceof ServiceError && e.code === "MaxConcurrentQueriesException")
        fail(
          "ServiceQuotaExceededException",
          `Refreshing ${d.Name} would run more queries at once than Lake allows. (Q-1)`,
        );
      throw e;
    }
  }
  d.LastRefreshId = randomUUID();
  d.LastRefreshFailureReason = undefined;
  d.lastRefreshQueries = queries;
  return d.LastRefreshId;
}

/**
 * DASH-5: a scheduled refresh that fell due on the emulator's clock since the last look runs now,
 * when the dashboard's resource policy lets cloudtrail.amazonaws.com call StartDashboardRefresh;
 * otherwise, or when a query cannot start, it fails with LastRefreshFailureReason.
 */
async function runDueSchedule(ctx: RequestContext, d: DashboardRecord): Promise<void> {
  const s = d.RefreshSchedule;
  const now = ctx.now.getTime();
  if (s?.Status !== "ENABLED" || !s.Frequency) return;
  const period = s.Frequency.Value * (s.Frequency.Unit === "HOURS" ? HOUR_MS : 24 * HOUR_MS);
  const [hh, mm] = s.TimeOfDay.split(":").map(Number);
  const offset = (s.Frequency.Unit === "DAYS" ? hh * HOUR_MS : 0) + mm * 60_000;
  const latest = Math.floor((now - offset) / period) * period + offset;
  if (latest <= d.scheduledUntil) return;
  d.scheduledUntil = now;
  if (!allowsScheduledRefresh(d.ResourcePolicy)) {
    d.LastRefreshFailureReason =
      "The dashboard's resource policy does not allow cloudtrail.amazonaws.com to call cloudtrail:StartDashboardRefresh. (DASH-5)";
    return;
  }
  try {
    await refresh(ctx, d, {});
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    d.LastRefreshFailureReason = e.message;
  }
}

/** DASH-5: an Allow statement for the CloudTrail service principal and StartDashboardRefresh. */
export function allowsScheduledRefresh(policy: string | undefined): boolean {
  if (!policy) return false;
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(policy) as { Statement?: unknown };
  } catch {
    return false;
  }
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as Json[];
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
  return statements.some((st) => {
    if (typeof st !== "object" || st === null || st.Effect !== "Allow") return false;
    const principal = st.Principal as Json | string | undefined;
    const service =
      principal === "*" ||
      (typeof principal === "object" &&
        principal !== null &&
        list(principal.Service).includes("cloudtrail.amazonaws.com"));
    const action = list(st.Action).some((a) =>
      ["*", "cloudtrail:*", "cloudtrail:StartDashboardRefresh"].includes(String(a)),
    );
    return service && action;
  });
}
