import { fail, ServiceError } from "./errors";
import { pageToken, readPageToken, type RequestContext } from "./context";
import { accountState, type RecordedEvent, type TrailRecord } from "./state";
import { findTrail, homeOnly } from "./trails";
import { selected } from "./delivery/trail-delivery";
import { checkInsightSelectors, insightCategories, logging, type InsightSelector } from "./rules/selectors";
import { trailOrStore } from "./lake/resources";
import { getStoreInsightSelectors, putStoreInsightSelectors } from "./lake/store-insights";

// CloudTrail Insights (INS-*): Put/GetInsightSelectors, which name a trail or an event data store
// (lake/store-insights.ts, EDS-14), never both; on trails, the selectors with the event categories
// each Insights type analyses, and what Insights reads back: ListInsightsMetricData's counts per
// period, computed from the events the emulator recorded, and ListInsightsData's Insights events.

type Json = Record<string, unknown>;

const INSIGHT_TYPES = ["ApiCallRateInsight", "ApiErrorRateInsight"];
const DAY_MS = 24 * 3600 * 1000;
/** INS-8: how long data points of each period are kept. */
const PERIOD_RETENTION_MS: Record<number, number> = { 60: 15 * DAY_MS, 300: 63 * DAY_MS, 3600: 90 * DAY_MS };
const MAX_METRIC_POINTS = 21600;
const MAX_INSIGHTS_EVENTS = 50;

export function putInsightSelectors(
  ctx: RequestContext,
  p: {
    TrailName?: string;
    EventDataStore?: string;
    InsightsDestination?: string;
    InsightSelectors: InsightSelector[];
  },
): Json {
  return trailOrStore(p) === "trail" ? putTrailInsightSelectors(ctx, p) : putStoreInsightSelectors(ctx, p);
}

export function getInsightSelectors(
  ctx: RequestContext,
  p: { TrailName?: string; EventDataStore?: string },
): Json {
  return trailOrStore(p) === "trail" ? getTrailInsightSelectors(ctx, p) : getStoreInsightSelectors(ctx, p);
}

function trailOnly(p: { TrailName?: string }): string {
  if (p.TrailName === undefined)
    fail("InvalidParameterCombinationException", "Specify TrailName or EventDataStore.");
  return p.TrailName!;
}

/** INS-1, INS-3 to INS-5 on a trail; each selector is kept with its event categories (Management by default). */
function putTrailInsightSelectors(
  ctx: RequestContext,
  p: { TrailName?: string; InsightSelectors: InsightSelector[] },
): Json {
  const trail = homeOnly(ctx, findTrail(ctx, trailOnly(p)));
  checkInsightSelectors(p.InsightSelectors, logging(trail.EventSelectors, trail.AdvancedEventSelectors));
  trail.InsightSelectors = p.InsightSelectors.map((s) => ({
    InsightType: s.InsightType,
    EventCategories: insightCategories(s),
  }));
  return { TrailARN: trail.TrailARN, InsightSelectors: trail.InsightSelectors };
}

/** INS-2: a trail without Insights answers InsightNotEnabledException. */
function getTrailInsightSelectors(ctx: RequestContext, p: { TrailName?: string }): Json {
  const trail = findTrail(ctx, trailOnly(p));
  if (trail.InsightSelectors.length === 0) {
    fail("InsightNotEnabledException", `Trail ${trail.Name} does not have Insights enabled. (INS-2)`);
  }
  return { TrailARN: trail.TrailARN, InsightSelectors: trail.InsightSelectors };
}

type MetricParams = {
  TrailName?: string;
  EventSource: string;
  EventName: string;
  InsightType: string;
  ErrorCode?: string;
  StartTime?: number;
  EndTime?: number;
  Period?: number;
  DataType?: string;
  MaxResults?: number;
  NextToken?: string;
};

/**
 * INS-7 and INS-8: the API's call or error count per period, ascending in time, counted from the
 * events the emulator recorded: management events (write calls for ApiCallRateInsight) without
 * TrailName; with it, the data events that trail selects, once it has data-event Insights of the
 * type. Points lie in [StartTime, EndTime); a page ends at MaxResults points.
 */
export function listInsightsMetricData(ctx: RequestContext, p: MetricParams): Json {
  const invalid = (m: string): never => fail("InvalidParameterException", `${m} (INS-7)`);
  if (!INSIGHT_TYPES.includes(p.InsightType))
    invalid(`InsightType ${p.InsightType} is not ApiCallRateInsight or ApiErrorRateInsight.`);
  if (p.EventSource === "" || p.EventName === "") invalid("EventSource and EventName must not be empty.");
  const errors = p.InsightType === "ApiErrorRateInsight";
  if (errors && !p.ErrorCode) invalid("ErrorCode is required with ApiErrorRateInsight.");
  const period = p.Period ?? 3600;
  if (!(period in PERIOD_RETENTION_MS)) invalid(`Period ${period} is not 60, 300 or 3600.`);
  const dataType = p.DataType ?? "NonZeroData";
  if (dataType !== "NonZeroData" && dataType !== "FillWithZeros")
    invalid(`DataType ${dataType} is not NonZeroData or FillWithZeros.`);
  const max = p.MaxResults ?? MAX_METRIC_POINTS;
  if (!Number.isInteger(max) || max < 1 || max > MAX_METRIC_POINTS)
    invalid(`MaxResults ${max} is not between 1 and ${MAX_METRIC_POINTS}.`);
  const now = ctx.now.getTime();
  const requestedEnd = p.EndTime === undefined ? now : toMs(p.EndTime);
  const requested = p.StartTime === undefined ? now - 90 * DAY_MS : toMs(p.StartTime);
  if (!Number.isFinite(requested) || !Number.isFinite(requestedEnd))
    invalid("StartTime and EndTime must be times.");
  if (requested > requestedEnd) invalid("StartTime is after EndTime.");
  // INS-8: points older than the period's retention are gone, and none lie in the future, so a
  // series holds at most 21600 points.
  const start = Math.max(requested, now - PERIOD_RETENTION_MS[period]);
  const end = Math.min(requestedEnd, now + 1);
  const bound = JSON.stringify([
    p.TrailName,
    p.EventSource,
    p.EventName,
    p.InsightType,
    p.ErrorCode,
    p.StartTime,
    p.EndTime,
    period,
    dataType,
  ]);
  // The token holds the time of the next point, so a page boundary stays put as the clock moves.
  const from = readPageToken(p.NextToken, bound);
  if (from === undefined) invalid("The NextToken does not match this request.");
  const trail = p.TrailName === undefined ? undefined : dataInsightsTrail(ctx, p.TrailName, p.InsightType);
  const counts = new Map<number, number>();
  const periodMs = period * 1000;
  for (const e of metricEvents(ctx, p, trail)) {
    // A point at T counts the events of [T, T + Period); the points lie in [StartTime, EndTime).
    const at = Math.floor(e.EventTime / periodMs) * periodMs;
    if (at < start || at >= end) continue;
    counts.set(at, (counts.get(at) ?? 0) + 1);
  }
  let times: number[];
  if (dataType === "FillWithZeros") {
    times = [];
    for (let t = Math.ceil(start / periodMs) * periodMs; t < end; t += periodMs) times.push(t);
  } else times = [...counts.keys()].sort((a, b) => a - b);
  const remaining = times.filter((t) => t >= from!);
  const page = remaining.slice(0, max);
  return {
    ...(trail ? { TrailARN: trail.TrailARN } : {}),
    EventSource: p.EventSource,
    EventName: p.EventName,
    InsightType: p.InsightType,
    ...(errors ? { ErrorCode: p.ErrorCode } : {}),
    Timestamps: page.map((t) => t / 1000),
    Values: page.map((t) => counts.get(t) ?? 0),
    NextToken: remaining.length > max ? pageToken(remaining[max], bound) : undefined,
  };
}

/** The recorded events of the metric's API: management events, or the data events the trail selects. */
function metricEvents(ctx: RequestContext, p: MetricParams, trail: TrailRecord | undefined): RecordedEvent[] {
  const events = accountState(ctx.state, ctx.account).events[ctx.region] ?? [];
  return events.filter((e) => {
    if (e.EventSource !== p.EventSource || e.EventName !== p.EventName) return false;
    if (Boolean(e.DataEvent) !== (trail !== undefined)) return false;
    // Management call-rate Insights count write calls; data Insights count reads and writes.
    if (!trail && p.InsightType === "ApiCallRateInsight" && e.ReadOnly === "true") return false;
    if (!trail && p.InsightType === "ApiErrorRateInsight") return errorCodeOf(e) === p.ErrorCode;
    if (!trail) return true;
    const record = JSON.parse(e.CloudTrailEvent) as Json;
    if (p.InsightType === "ApiErrorRateInsight" && record.errorCode !== p.ErrorCode) return false;
    return selected(trail, record);
  });
}

function errorCodeOf(e: RecordedEvent): unknown {
  return (JSON.parse(e.CloudTrailEvent) as Json).errorCode;
}

/**
 * The trail a data-event Insights call names (INS-7): found, and with Insights of the type on
 * data events. These operations list none of the trail errors, so each is an invalid parameter.
 */
function dataInsightsTrail(ctx: RequestContext, ref: string, type?: string): TrailRecord {
  let trail: TrailRecord;
  try {
    trail = findTrail(ctx, ref);
  } catch (e) {
    if (e instanceof ServiceError && e.code !== "InvalidTrailNameException")
      return fail("InvalidParameterException", `${e.message} (INS-7)`);
    throw e;
  }
  const on = trail.InsightSelectors.some(
    (s) => (type === undefined || s.InsightType === type) && insightCategories(s).includes("Data"),
  );
  if (!on)
    fail(
      "InvalidParameterException",
      `Trail ${trail.Name} does not have ${type ?? "Insights"} on data events enabled. (INS-7)`,
    );
  return trail;
}

type InsightsDataParams = {
  InsightSource: string;
  DataType: string;
  Dimensions?: Record<string, string>;
  StartTime?: number;
  EndTime?: number;
  MaxResults?: number;
  NextToken?: string;
};

/**
 * INS-9: the Insights events of a trail with Insights on data events, newest first, at most one
 * dimension (EventId, EventName or EventSource). The emulator does not judge activity unusual,
 * so it holds no Insights events: a valid request answers an empty list.
 */
export function listInsightsData(ctx: RequestContext, p: InsightsDataParams): Json {
  const invalid = (m: string): never => fail("InvalidParameterException", `${m} (INS-9)`);
  if (!/^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/.+$/.test(p.InsightSource))
    invalid(`InsightSource ${p.InsightSource} is not a trail ARN.`);
  if (p.DataType !== "InsightsEvents") invalid(`DataType ${p.DataType} is not InsightsEvents.`);
  const dimensions = Object.entries(p.Dimensions ?? {});
  if (dimensions.length > 1) invalid(`Dimensions takes at most one dimension; got ${dimensions.length}.`);
  for (const [key, value] of dimensions) {
    if (!["EventId", "EventName", "EventSource"].includes(key))
      invalid(`Dimension ${key} is not EventId, EventName or EventSource.`);
    if (value === "") invalid(`Dimension ${key} must not be empty.`);
  }
  const max = p.MaxResults ?? MAX_INSIGHTS_EVENTS;
  if (!Number.isInteger(max) || max < 1 || max > MAX_INSIGHTS_EVENTS)
    invalid(`MaxResults ${max} is not between 1 and ${MAX_INSIGHTS_EVENTS}.`);
  if (p.StartTime !== undefined && p.EndTime !== undefined && toMs(p.StartTime) > toMs(p.EndTime))
    invalid("StartTime is after EndTime.");
  const bound = JSON.stringify([p.InsightSource, p.DataType, p.Dimensions, p.StartTime, p.EndTime]);
  // No page was ever handed out, so any token is one this request did not produce.
  if (p.NextToken !== undefined && readPageToken(p.NextToken, bound) === undefined)
    invalid("The NextToken does not match this request.");
  dataInsightsTrail(ctx, p.InsightSource);
  return { Events: [] };
}

function toMs(t: number | string): number {
  return typeof t === "number" ? t * 1000 : Date.parse(t);
}
