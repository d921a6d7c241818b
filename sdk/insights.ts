import {
  ListInsightsDataCommand,
  ListInsightsMetricDataCommand,
  type ListInsightsDataDimensionKey,
} from "@aws-sdk/client-cloudtrail";
import { checkArguments, lakeClient, type LakeClientOptions } from "./lake-client";
import { lookupEventOf, type LookupEvent } from "./lookup-events";
import type { InsightType } from "./trail-insight-selectors";

/** Options of {@link listInsightsMetricData}. */
export interface ListInsightsMetricDataOptions extends LakeClientOptions {
  /** The service, such as `s3.amazonaws.com` (INS-7). */
  eventSource: string;
  /** The API, such as `PutObject` (INS-7). */
  eventName: string;
  /** `ApiCallRateInsight` for call counts, `ApiErrorRateInsight` for the counts of one error code. */
  insightType: InsightType;
  /** The error code counted, such as `AccessDenied`; required with `ApiErrorRateInsight` (INS-7). @default none */
  errorCode?: string;
  /** The trail, by name or ARN, whose Insights on data events are asked for. @default management-event Insights of the account and region */
  trail?: string;
  /** The first point's time, inclusive. @default 90 days ago */
  startTime?: Date | string;
  /** The series' end, exclusive; not before startTime (INS-7). @default now */
  endTime?: Date | string;
  /** Seconds per point: 60 (kept 15 days), 300 (63 days) or 3600 (90 days) (INS-8). @default 3600 */
  period?: 60 | 300 | 3600;
  /** `FillWithZeros` for a point in every period, `NonZeroData` for the periods with calls only. @default "NonZeroData" */
  dataType?: "FillWithZeros" | "NonZeroData";
  /** Points per request, 1-21600 (INS-7). @default 21600 */
  pageSize?: number;
}

/** One point of an Insights metric: the count of the period starting at `timestamp`. */
export interface InsightsMetricPoint {
  /** The start of the period. */
  timestamp: Date;
  /** Calls (or errors) in the period. */
  value: number;
}

/** An Insights metric series, every page joined, oldest point first. */
export interface InsightsMetricData {
  /** ARN of the trail, when a trail was given. */
  trailArn?: string;
  /** The points, in time order. */
  points: InsightsMetricPoint[];
}

/**
 * The series CloudTrail Insights judges unusual activity by (ListInsightsMetricData): the count
 * of an API's calls, or of one of its error codes, per period, across every page. Management
 * events unless `trail` names a trail with Insights on data events (INS-5). The options are
 * checked (INS-7, INS-8) before any request.
 *
 * ```ts
 * const { points } = await listInsightsMetricData({
 *   eventSource: "s3.amazonaws.com",
 *   eventName: "PutObject",
 *   insightType: "ApiCallRateInsight",
 *   trail: "audit",
 *   period: 300,
 * });
 * ```
 * @throws InvalidArgumentsError naming each option that breaks INS-7 or INS-8
 */
export async function listInsightsMetricData(
  options: ListInsightsMetricDataOptions,
): Promise<InsightsMetricData> {
  checkArguments("listInsightsMetricData", "InsightsMetricData", {
    eventSource: options.eventSource,
    eventName: options.eventName,
    insightType: options.insightType,
    errorCode: options.errorCode,
    trail: options.trail,
    startTime: iso(options.startTime),
    endTime: iso(options.endTime),
    period: options.period,
    dataType: options.dataType,
    pageSize: options.pageSize,
  });
  const ct = await lakeClient("listInsightsMetricData", options);
  const points: InsightsMetricPoint[] = [];
  let trailArn: string | undefined;
  let NextToken: string | undefined;
  do {
    const page = await ct.send(
      new ListInsightsMetricDataCommand({
        TrailName: options.trail,
        EventSource: options.eventSource,
        EventName: options.eventName,
        InsightType: options.insightType,
        ErrorCode: options.errorCode,
        StartTime: date(options.startTime),
        EndTime: date(options.endTime),
        Period: options.period,
        DataType: options.dataType,
        MaxResults: options.pageSize,
        NextToken,
      }),
    );
    trailArn ??= page.TrailARN;
    const values = page.Values ?? [];
    (page.Timestamps ?? []).forEach((timestamp, i) => points.push({ timestamp, value: values[i] ?? 0 }));
    NextToken = page.NextToken;
  } while (NextToken);
  return { trailArn, points };
}

/** Options of {@link listInsightsData}. */
export interface ListInsightsDataOptions extends LakeClientOptions {
  /** ARN of the trail with Insights on data events (INS-9). */
  trailArn: string;
  /** At most one of `eventId`, `eventName`, `eventSource` to match (INS-9). @default none */
  dimensions?: { eventId?: string; eventName?: string; eventSource?: string };
  /** Events at or after this time. @default 90 days ago */
  startTime?: Date | string;
  /** Events at or before this time; not before startTime (INS-9). @default now */
  endTime?: Date | string;
  /** Events per request, 1-50 (INS-9). @default 50 */
  pageSize?: number;
}

/**
 * The Insights events of a trail that has Insights on data events (ListInsightsData), newest
 * first, across every page, in {@link lookupEvents}' shape. Insights events of management events
 * are read with `lookupEvents({ eventCategory: "insight" })`. The options are checked (INS-9)
 * before any request.
 * @throws InvalidArgumentsError naming each option that breaks INS-9
 */
export async function listInsightsData(options: ListInsightsDataOptions): Promise<LookupEvent[]> {
  checkArguments("listInsightsData", "InsightsData", {
    trailArn: options.trailArn,
    dimensions: options.dimensions,
    startTime: iso(options.startTime),
    endTime: iso(options.endTime),
    pageSize: options.pageSize,
  });
  const Dimensions = Object.fromEntries(
    Object.entries(options.dimensions ?? {}).map(([k, v]) => [`${k[0].toUpperCase()}${k.slice(1)}`, v]),
  ) as Partial<Record<ListInsightsDataDimensionKey, string>>;
  const ct = await lakeClient("listInsightsData", options);
  const events: LookupEvent[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ct.send(
      new ListInsightsDataCommand({
        InsightSource: options.trailArn,
        DataType: "InsightsEvents",
        Dimensions: Object.keys(Dimensions).length > 0 ? Dimensions : undefined,
        StartTime: date(options.startTime),
        EndTime: date(options.endTime),
        MaxResults: options.pageSize,
        NextToken,
      }),
    );
    events.push(...(page.Events ?? []).map(lookupEventOf));
    NextToken = page.NextToken;
  } while (NextToken);
  return events;
}

const iso = (t: Date | string | undefined) => (t instanceof Date ? t.toISOString() : t);
const date = (t: Date | string | undefined) => (t === undefined ? undefined : new Date(t));
