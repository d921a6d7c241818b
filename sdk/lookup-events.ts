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

/**
 * Pages of CloudTrail's event history (LookupEvents): an async iterator that fetches the next
 * page only when asked, paced at LOOK-1's 2 requests per second per process. The options are
 * checked (LOOK-1) before the first call.
 *
 * ```ts
 * for await (const page of lookupEvents({ lookupAttributes: [{ attributeKey: "EventName", attributeValue: "CreateTrail" }] }))
 *   for (const event of page) console.log(event.EventTime, event.Username);
 * ```
 */
export async function* lookupEvents(
  options: LookupEventsOptions = {},
): AsyncGenerator<Event[], void, undefined> {
  const iso = (t: Date | string | undefined) => (t instanceof Date ? t.toISOString() : t);
  checkArguments("lookupEvents", "LookupEvents", {
    lookupAttributes: options.lookupAttributes,
    startTime: iso(options.startTime),
    endTime: iso(options.endTime),
    eventCategory: options.eventCategory,
    pageSize: options.pageSize,
  });
  const ct = lakeClient(options);
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
    yield page.Events ?? [];
    NextToken = page.NextToken;
  } while (NextToken);
}
