import type { Selectors } from "./resources";

/** Which halves of an event class a trail's selectors log. */
export interface Coverage {
  read: boolean;
  write: boolean;
}

type FieldSelector = NonNullable<Selectors["advancedEventSelectors"]>[number]["fieldSelectors"][number];

const S3_OBJECT = "AWS::S3::Object";
const POSITIVE = ["equals", "startsWith", "endsWith"] as const;
const NEGATIVE = ["notEquals", "notStartsWith", "notEndsWith"] as const;

/** True when the trail keeps CloudTrail's default selectors: all management events, no data events (TRAIL-8). */
export function isDefault(s: Selectors): boolean {
  return !s.eventSelectors?.length && !s.advancedEventSelectors?.length;
}

/**
 * Whether the selectors log read and write management events of every service (CIS 3.1).
 * Excluding event sources (ES-6, `eventSource` notEquals) keeps a half covered, as CIS's audit
 * checks only IncludeManagementEvents and ReadWriteType; a positive filter on the source or the
 * event name does not.
 */
export function managementCoverage(s: Selectors): Coverage {
  if (isDefault(s)) return { read: true, write: true };
  const halves: Coverage[] = [];
  for (const e of s.eventSelectors ?? []) {
    if (e.includeManagementEvents !== false) halves.push(readWrite(e.readWriteType));
  }
  for (const a of s.advancedEventSelectors ?? []) {
    const fields = a.fieldSelectors;
    if (!categoryIs(fields, "Management")) continue;
    const restricted = fields.some((f) => !["eventCategory", "readOnly"].includes(f.field) && isPositive(f));
    if (!restricted) halves.push(readOnlyCoverage(fields));
  }
  return union(halves);
}

/**
 * Whether the selectors log S3 object-level read and write events of every bucket (CIS 3.8,
 * 3.9). An advanced selector may exclude objects of `ownLogBucket` (the feedback-loop fix) and
 * still count; any other condition on ARNs, names or sources narrows it below "all buckets".
 */
export function s3ObjectCoverage(s: Selectors, ownLogBucket?: string): Coverage {
  const halves: Coverage[] = [];
  for (const e of s.eventSelectors ?? []) {
    const all = (e.dataResources ?? []).some(
      (d) => d.type === S3_OBJECT && (d.values ?? []).some(isAllBuckets),
    );
    if (all) halves.push(readWrite(e.readWriteType));
  }
  for (const a of s.advancedEventSelectors ?? []) {
    const fields = a.fieldSelectors;
    if (!categoryIs(fields, "Data") || !fields.some((f) => f.field === "resources.type" && eq(f, S3_OBJECT)))
      continue;
    const narrowed = fields.some((f) => {
      if (["eventCategory", "resources.type", "readOnly"].includes(f.field)) return false;
      if (f.field !== "resources.ARN" || isPositive(f)) return true;
      return !NEGATIVE.every((op) => (f[op] ?? []).every((v) => inBucket(v, ownLogBucket)));
    });
    if (!narrowed) halves.push(readOnlyCoverage(fields));
  }
  return union(halves);
}

/**
 * Whether the selectors log the PutObject calls CloudTrail itself makes when it delivers a log
 * file to `bucket` under `keyPrefix`: each delivery is then a new data event, delivered as a new
 * log file, which is a new event… The check runs the selectors on such an event, as CloudTrail
 * would (fields of one selector all match; within a field, any positive value and no negative one).
 */
export function logsOwnDeliveries(s: Selectors, bucket: string, keyPrefix?: string): boolean {
  const key = `${keyPrefix ? `${keyPrefix.replace(/\/+$/, "")}/` : ""}AWSLogs/123456789012/CloudTrail/us-east-1/log.json.gz`;
  const arn = `arn:aws:s3:::${bucket}/${key}`;
  const basic = (s.eventSelectors ?? []).some(
    (e) =>
      readWrite(e.readWriteType).write &&
      (e.dataResources ?? []).some(
        (d) => d.type === S3_OBJECT && (d.values ?? []).some((v) => isAllBuckets(v) || arn.startsWith(v)),
      ),
  );
  const event: Record<string, string> = {
    eventCategory: "Data",
    "resources.type": S3_OBJECT,
    "resources.ARN": arn,
    readOnly: "false",
    eventName: "PutObject",
    eventSource: "s3.amazonaws.com",
  };
  const advanced = (s.advancedEventSelectors ?? []).some((a) =>
    a.fieldSelectors.every((f) => matches(f, event[f.field])),
  );
  return basic || advanced;
}

/** A field selector judged on one value; fields the event does not carry never match. */
function matches(f: FieldSelector, value: string | undefined): boolean {
  if (value === undefined) return false;
  const test = {
    equals: (v: string) => value === v,
    startsWith: (v: string) => value.startsWith(v),
    endsWith: (v: string) => value.endsWith(v),
    notEquals: (v: string) => value === v,
    notStartsWith: (v: string) => value.startsWith(v),
    notEndsWith: (v: string) => value.endsWith(v),
  };
  const positive = POSITIVE.filter((op) => f[op]?.length);
  if (positive.length > 0 && !positive.some((op) => f[op]!.some(test[op]))) return false;
  return !NEGATIVE.some((op) => (f[op] ?? []).some(test[op]));
}

function readWrite(type: string | undefined): Coverage {
  return { read: type !== "WriteOnly", write: type !== "ReadOnly" };
}

function readOnlyCoverage(fields: FieldSelector[]): Coverage {
  const ro = fields.find((f) => f.field === "readOnly");
  if (!ro?.equals?.length) return { read: true, write: true };
  return { read: ro.equals.includes("true"), write: ro.equals.includes("false") };
}

function categoryIs(fields: FieldSelector[], category: string): boolean {
  return fields.some((f) => f.field === "eventCategory" && eq(f, category));
}

function eq(f: FieldSelector, value: string): boolean {
  return f.equals?.includes(value) ?? false;
}

function isPositive(f: FieldSelector): boolean {
  return POSITIVE.some((op) => f[op]?.length);
}

/** `arn:aws:s3` or `arn:aws:s3:::` (any partition) selects every bucket (ES-4). */
function isAllBuckets(value: string): boolean {
  return /^arn:[a-z-]+:s3(:::)?$/.test(value);
}

function inBucket(value: string, bucket: string | undefined): boolean {
  return (
    bucket !== undefined && /^arn:[a-z-]+:s3:::/.test(value) && value.split(":::")[1].startsWith(`${bucket}/`)
  );
}

function union(halves: Coverage[]): Coverage {
  return { read: halves.some((h) => h.read), write: halves.some((h) => h.write) };
}
