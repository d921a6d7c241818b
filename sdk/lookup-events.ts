import { LookupEventsCommand, type Event, type LookupAttributeKey } from "@aws-sdk/client-cloudtrail";
import { checkArguments, lakeClient, type LakeClientOptions } from "./lake-client";

/** Options of {@link lookupEvents}. */
export interface LookupEventsOptions extends LakeClientOptions {
  /** At most one attribute to match, such as `{ attributeKey: "EventName", attributeValue: "CreateTrail" }` (LOOK-1). @default none */
  lookupAttributes?: { attributeKey: LookupAttributeKey; attributeValue: string }[];
  /** Events at or after this time. @default 90 days ago */
  startTime?: Date | string;
  /** Events at or before this time; not before startTime (LOOK-1). @default now */
  endTime?: Date | string;
  /** `insight` for Insights events. @default management events */
  eventCategory?: "insight";
  /** Events per page, 1-50 (LOOK-1). @default 50 */
  pageSize?: number;
  /** Stops the iteration; the pending request is aborted. @default none */
  signal?: AbortSignal;
}

/** One event of CloudTrail's event history, as LookupEvents answers it, in camelCase. */
export interface LookupEvent {
  /** CloudTrail's id of the event. */
  eventId: string;
  /** The API call, such as `CreateTrail`. */
  eventName: string;
  /** When the call was made. */
  eventTime: Date;
  /** The service called, such as `cloudtrail.amazonaws.com`. */
  eventSource: string;
  /** The caller's user or role session name. */
  username?: string;
  /** The caller's access key id. */
  accessKeyId?: string;
  /** Whether the call only read. */
  readOnly: boolean;
  /** The resources the call named. */
  resources: { resourceType?: string; resourceName?: string }[];
  /** The whole CloudTrail record, as JSON text (userIdentity, sourceIPAddress, requestParameters, ...). */
  cloudTrailEvent: string;
}

/** The events of {@link lookupEvents}: one by one with `for await`, or a page at a time with `pages()`. */
export interface LookupEventsIterable extends AsyncIterable<LookupEvent> {
  /** The same events as LookupEvents' pages, each fetched when asked. */
  pages(): AsyncIterable<LookupEvent[]>;
}

/**
 * CloudTrail's event history (LookupEvents), newest first: an async iterator of events that
 * fetches the next page only when asked, paced at LOOK-1's 2 requests per second per process;
 * `pages()` gives the pages themselves. The options are checked (LOOK-1) when it is called,
 * before any request.
 *
 * ```ts
 * for await (const event of lookupEvents({ lookupAttributes: [{ attributeKey: "EventName", attributeValue: "CreateTrail" }] }))
 *   console.log(event.eventTime, event.username);
 * ```
 * @throws InvalidArgumentsError naming each argument that breaks LOOK-1
 */
export function lookupEvents(options: LookupEventsOptions = {}): LookupEventsIterable {
  const iso = (t: Date | string | undefined) => (t instanceof Date ? t.toISOString() : t);
  checkArguments("lookupEvents", "LookupEvents", {
    lookupAttributes: options.lookupAttributes,
    startTime: iso(options.startTime),
    endTime: iso(options.endTime),
    eventCategory: options.eventCategory,
    pageSize: options.pageSize,
  });
  const pages = () => lookupPages(options);
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page;
    },
  };
}

async function* lookupPages(options: LookupEventsOptions): AsyncGenerator<LookupEvent[], void, undefined> {
  const ct = await lakeClient("lookupEvents", options);
  let NextToken: string | undefined;
  do {
    const page = await ct.send(
      new LookupEventsCommand({
        LookupAttributes: options.lookupAttributes?.map((a) => ({
          AttributeKey: a.attributeKey,
          AttributeValue: a.attributeValue,
        })),
        StartTime: options.startTime === undefined ? undefined : new Date(options.startTime),
        EndTime: options.endTime === undefined ? undefined : new Date(options.endTime),
        EventCategory: options.eventCategory,
        MaxResults: options.pageSize ?? 50,
        NextToken,
      }),
      { abortSignal: options.signal },
    );
    yield (page.Events ?? []).map(lookupEventOf);
    NextToken = page.NextToken;
  } while (NextToken);
}

/** An event as LookupEvents and ListInsightsData answer it, in camelCase. */
export function lookupEventOf(e: Event): LookupEvent {
  return {
    eventId: e.EventId ?? "",
    eventName: e.EventName ?? "",
    eventTime: e.EventTime ?? new Date(0),
    eventSource: e.EventSource ?? "",
    username: e.Username,
    accessKeyId: e.AccessKeyId,
    readOnly: e.ReadOnly === "true",
    resources: (e.Resources ?? []).map((r) => ({
      resourceType: r.ResourceType,
      resourceName: r.ResourceName,
    })),
    cloudTrailEvent: e.CloudTrailEvent ?? "{}",
  };
}
