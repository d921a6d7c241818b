import type { Unwrap } from "@pulumi/pulumi";
import type { AdvancedEventSelector, EventSelector } from "../sdk/selectors";

/** Who defines a resource: this package's dynamic resources, pulumi-aws, or aws-native. */
export type Flavour = "pulumi-cloudtrail" | "aws" | "aws-native";

/**
 * Resource type tokens by kind and flavour. This package's classes pass a module and a type to
 * `pulumi.dynamic.Resource`, so their token is `pulumi-nodejs:dynamic/cloudtrail:<Kind>`, not the
 * bare `pulumi-nodejs:dynamic:Resource` of other dynamic resources. The token is what tells the
 * kinds apart: the engine strips `__`-prefixed properties (the serialized `__provider`) before it
 * calls an analyzer, so a policy never sees which provider module a resource names.
 */
export const TYPES = {
  trail: {
    "pulumi-cloudtrail": "pulumi-nodejs:dynamic/cloudtrail:Trail",
    aws: "aws:cloudtrail/trail:Trail",
    "aws-native": "aws-native:cloudtrail:Trail",
  },
  eventDataStore: {
    "pulumi-cloudtrail": "pulumi-nodejs:dynamic/cloudtrail:EventDataStore",
    aws: "aws:cloudtrail/eventDataStore:EventDataStore",
    "aws-native": "aws-native:cloudtrail:EventDataStore",
  },
  dashboard: {
    "pulumi-cloudtrail": "pulumi-nodejs:dynamic/cloudtrail:Dashboard",
    "aws-native": "aws-native:cloudtrail:Dashboard",
  },
  trailEventSelectors: "pulumi-nodejs:dynamic/cloudtrail:TrailEventSelectors",
  trailInsightSelectors: "pulumi-nodejs:dynamic/cloudtrail:TrailInsightSelectors",
  trailEventAggregation: "pulumi-nodejs:dynamic/cloudtrail:TrailEventAggregation",
} as const;

/** A trail's selectors in this package's input shape; both absent means CloudTrail's default (TRAIL-8). */
export interface Selectors {
  eventSelectors?: Unwrap<EventSelector>[];
  advancedEventSelectors?: Unwrap<AdvancedEventSelector>[];
}

/** One trail as the policies see it, whichever flavour defines it; defaults filled as AWS fills them. */
export interface TrailView {
  flavour: Flavour;
  /** Absent when the provider generates the name (pulumi-aws auto-naming). */
  name?: string;
  /** Known once the trail exists. */
  arn?: string;
  s3BucketName?: string;
  s3KeyPrefix?: string;
  multiRegion: boolean;
  logging: boolean;
  logFileValidation: boolean;
  kmsKeyId?: string;
  cloudWatchLogsLogGroupArn?: string;
  cloudWatchLogsRoleArn?: string;
  /** Selectors set on the trail resource itself (pulumi-aws, aws-native); this package sets them on TrailEventSelectors. */
  selectors?: Selectors;
}

/** An event data store as the policies see it. */
export interface EventDataStoreView {
  flavour: Flavour;
  /** AWS's default is on (EDS-3). */
  terminationProtection: boolean;
  /** The opt-in to delete a protected store (this package only; the input's name is provisional). */
  forceDestroy: boolean;
  /** The KMS key that encrypts the store's events; undefined for CloudTrail's own encryption. */
  kmsKeyId?: string;
}

/** A Lake dashboard as the policies see it (pulumi-aws has no dashboard resource). */
export interface DashboardView {
  flavour: Exclude<Flavour, "aws">;
  /** AWS's default is off (DASH-1). */
  terminationProtection: boolean;
}

type Props = Record<string, unknown>;

/** Stands for a list item that is unknown during a preview: it equals, starts and ends no real value. */
export const UNKNOWN = "\u0000unknown";

/**
 * A plain copy of properties, and whether every value in them is known. During a preview
 * @pulumi/policy hands properties over behind a proxy that throws on any unknown value (a bucket
 * name that another resource outputs); copying through it once turns an unknown property into
 * undefined and an unknown list item into {@link UNKNOWN}, so that one value not known yet does
 * not stop every policy on the resource. On plain objects (tests, the stack outside a preview)
 * the copy changes nothing.
 */
export function known(value: unknown): { value: unknown; complete: boolean } {
  let complete = true;
  const copy = (v: unknown, inList: boolean): unknown => {
    if (v === null || typeof v !== "object") return v;
    const read = (key: string | number): unknown => {
      try {
        return (v as Record<string | number, unknown>)[key];
      } catch {
        // The proxy's only reason to throw on a read: the value is unknown.
        complete = false;
        return inList ? UNKNOWN : undefined;
      }
    };
    // Indexes, not map(): map would read each item through the proxy before this can catch it.
    if (Array.isArray(v)) return Array.from({ length: v.length }, (_, i) => copy(read(i), true));
    return Object.fromEntries(Object.keys(v).map((k) => [k, copy(read(k), false)]));
  };
  return { value: copy(value, false), complete };
}

/** The flavour of a trail resource type, or undefined when the type is no trail. */
export function trailFlavour(type: string): Flavour | undefined {
  return flavourOf(TYPES.trail, type);
}

/** The flavour of an event data store resource type, or undefined when the type is none. */
export function eventDataStoreFlavour(type: string): Flavour | undefined {
  return flavourOf(TYPES.eventDataStore, type);
}

/** A trail's properties mapped to one shape; undefined when `type` is not a trail. */
export function trailView(type: string, unchecked: Props): TrailView | undefined {
  const flavour = trailFlavour(type);
  if (!flavour) return undefined;
  const props = known(unchecked).value as Props;
  const common = {
    flavour,
    arn: str(props.arn),
    s3BucketName: str(props.s3BucketName),
    s3KeyPrefix: str(props.s3KeyPrefix),
    multiRegion: props.isMultiRegionTrail === true,
    logFileValidation: props.enableLogFileValidation === true,
    kmsKeyId: str(props.kmsKeyId),
    cloudWatchLogsRoleArn: str(props.cloudWatchLogsRoleArn),
  };
  if (flavour === "pulumi-cloudtrail") {
    return {
      ...common,
      name: str(props.name),
      logging: props.enableLogging !== false,
      cloudWatchLogsLogGroupArn: str(props.cloudWatchLogsLogGroupArn),
    };
  }
  if (flavour === "aws") {
    return {
      ...common,
      name: str(props.name),
      logging: props.enableLogging !== false,
      cloudWatchLogsLogGroupArn: str(props.cloudWatchLogsGroupArn),
      selectors: inlineSelectors(props, awsFieldSelector),
    };
  }
  return {
    ...common,
    name: str(props.trailName),
    // aws-native requires isLogging; a trail that omits it is taken as not logging.
    logging: props.isLogging === true,
    cloudWatchLogsLogGroupArn: str(props.cloudWatchLogsLogGroupArn),
    selectors: inlineSelectors(props, (f) => f as Unwrap<FieldSelectorShape>),
  };
}

/** An event data store's properties mapped to one shape; undefined when `type` is none. */
export function eventDataStoreView(type: string, unchecked: Props): EventDataStoreView | undefined {
  const flavour = eventDataStoreFlavour(type);
  if (!flavour) return undefined;
  const props = known(unchecked).value as Props;
  return {
    flavour,
    terminationProtection: props.terminationProtectionEnabled !== false,
    forceDestroy: flavour === "pulumi-cloudtrail" && props.forceDestroy === true,
    // The three flavours spell it alike.
    kmsKeyId: str(props.kmsKeyId),
  };
}

/** A dashboard's properties mapped to one shape; undefined when `type` is none. */
export function dashboardView(type: string, unchecked: Props): DashboardView | undefined {
  const flavour = (Object.keys(TYPES.dashboard) as DashboardView["flavour"][]).find(
    (f) => TYPES.dashboard[f] === type,
  );
  if (!flavour) return undefined;
  const props = known(unchecked).value as Props;
  return { flavour, terminationProtection: props.terminationProtectionEnabled === true };
}

/** The selectors of a TrailEventSelectors resource, and the trail (name or ARN) it names when known. */
export function trailEventSelectorsView(unchecked: Props): { trail?: string; selectors: Selectors } {
  const props = known(unchecked).value as Props;
  return {
    trail: str(props.trail),
    selectors: {
      eventSelectors: list(props.eventSelectors) as Selectors["eventSelectors"],
      advancedEventSelectors: list(props.advancedEventSelectors) as Selectors["advancedEventSelectors"],
    },
  };
}

type FieldSelectorShape = Unwrap<AdvancedEventSelector>["fieldSelectors"][number];

/** pulumi-aws (from Terraform) pluralises list names: startsWiths, notEndsWiths, … */
function awsFieldSelector(f: Props): FieldSelectorShape {
  const pick = (plural: string, singular: string) => list(f[plural]) ?? list(f[singular]);
  return dropUndefined({
    field: str(f.field) ?? "",
    equals: list(f.equals),
    notEquals: list(f.notEquals),
    startsWith: pick("startsWiths", "startsWith"),
    notStartsWith: pick("notStartsWiths", "notStartsWith"),
    endsWith: pick("endsWiths", "endsWith"),
    notEndsWith: pick("notEndsWiths", "notEndsWith"),
  }) as FieldSelectorShape;
}

function inlineSelectors(props: Props, field: (f: Props) => FieldSelectorShape): Selectors | undefined {
  const basic = list(props.eventSelectors) as Props[] | undefined;
  const advanced = list(props.advancedEventSelectors) as Props[] | undefined;
  if (!basic?.length && !advanced?.length) return undefined;
  return dropUndefined({
    eventSelectors: basic?.length
      ? basic.map(
          (s) =>
            dropUndefined({
              readWriteType: s.readWriteType,
              includeManagementEvents: s.includeManagementEvents,
              dataResources: list(s.dataResources),
              excludeManagementEventSources: list(s.excludeManagementEventSources),
            }) as Unwrap<EventSelector>,
        )
      : undefined,
    advancedEventSelectors: advanced?.length
      ? advanced.map(
          (s) =>
            dropUndefined({
              name: str(s.name),
              fieldSelectors: ((list(s.fieldSelectors) ?? []) as Props[]).map(field),
            }) as Unwrap<AdvancedEventSelector>,
        )
      : undefined,
  });
}

function flavourOf(tokens: Record<Flavour, string>, type: string): Flavour | undefined {
  return (Object.keys(tokens) as Flavour[]).find((f) => tokens[f] === type);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function list(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
