import type { EmulatorState } from "./state";
import type { LakeEvent, LakeSettings } from "./lake/state";
import type { QueryRuns } from "./lake/query-runs";

/** What a handler knows about the request it serves. */
export type RequestContext = {
  account: string;
  region: string;
  partition: string;
  accessKeyId: string;
  username: string;
  /** What CloudTrail records of the request itself: the caller's address, user agent and the request id answered. */
  caller: CallerDetails;
  now: Date;
  state: EmulatorState;
  /** Page size of List* operations. */
  pageSize: number;
  /** resources.type values the emulator accepts (AES-5). */
  resourceTypes: string[];
  /** Recorded events kept per account and region, oldest dropped first. */
  eventLimit: number;
  /** Lake controls: EDS-15, simulated run and transition times. */
  lake: LakeSettings;
  /**
   * Events this request added to stores, in order: the router appends them to the Lake journal
   * once the operation has applied (a rolled-back operation's are dropped with it).
   */
  lakeAppended: StoreAppend[];
  /** The emulator's Lake queries as they run, and their results (memory only). */
  lakeQueries: QueryRuns;
};

/** The request as CloudTrail's record of it shows it. */
export type CallerDetails = { sourceIPAddress: string; userAgent: string; requestId: string };

/**
 * Events added to one store; `importId` when an import delivered them, so that a restart keeps
 * them only if the state file says that import finished (no import delivers twice).
 */
export type StoreAppend = { store: string; events: LakeEvent[]; importId?: string };

/**
 * The regions of each partition, from the AWS SDK's partition data (@aws-sdk/core 3.981,
 * `partitionsInfo`, which it does not export). A credential scope naming anything else is refused
 * as AWS refuses an unknown scope; a multi-region trail exists in every region of its partition.
 */
const PARTITION_REGIONS = new Map<string, readonly string[]>([
  [
    "aws",
    [
      "af-south-1",
      "ap-east-1",
      "ap-east-2",
      "ap-northeast-1",
      "ap-northeast-2",
      "ap-northeast-3",
      "ap-south-1",
      "ap-south-2",
      "ap-southeast-1",
      "ap-southeast-2",
      "ap-southeast-3",
      "ap-southeast-4",
      "ap-southeast-5",
      "ap-southeast-6",
      "ap-southeast-7",
      "ca-central-1",
      "ca-west-1",
      "eu-central-1",
      "eu-central-2",
      "eu-north-1",
      "eu-south-1",
      "eu-south-2",
      "eu-west-1",
      "eu-west-2",
      "eu-west-3",
      "il-central-1",
      "me-central-1",
      "me-south-1",
      "me-west-1",
      "mx-central-1",
      "sa-east-1",
      "sa-west-1",
      "us-east-1",
      "us-east-2",
      "us-west-1",
      "us-west-2",
    ],
  ],
  ["aws-cn", ["cn-north-1", "cn-northwest-1"]],
  ["aws-eusc", ["eusc-de-east-1"]],
  ["aws-iso", ["us-iso-east-1", "us-iso-west-1"]],
  ["aws-iso-b", ["us-isob-east-1", "us-isob-west-1"]],
  ["aws-iso-e", ["eu-isoe-west-1"]],
  ["aws-iso-f", ["us-isof-east-1", "us-isof-south-1"]],
  ["aws-us-gov", ["us-gov-east-1", "us-gov-west-1"]],
]);

const REGION_PARTITION = new Map(
  [...PARTITION_REGIONS].flatMap(([partition, regions]) => regions.map((r) => [r, partition] as const)),
);

/** Whether `region` is a real region name of some partition. */
export function isKnownRegion(region: string): boolean {
  return REGION_PARTITION.has(region);
}

/** The partition of a known region ("aws" for anything else, which the router never lets through). */
export function partitionOf(region: string): string {
  return REGION_PARTITION.get(region) ?? "aws";
}

/** Every region of the partition `region` belongs to. */
export function partitionRegions(region: string): readonly string[] {
  return PARTITION_REGIONS.get(partitionOf(region)) ?? [];
}

/** Opaque pagination token: the offset, bound to the request it came from. */
export function pageToken(offset: number, bound: string): string {
  return Buffer.from(JSON.stringify({ o: offset, b: bound })).toString("base64url");
}

export function readPageToken(token: string | undefined, bound: string): number | undefined {
  if (token === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as {
      o?: unknown;
      b?: unknown;
    };
    if (typeof parsed.o === "number" && Number.isSafeInteger(parsed.o) && parsed.o >= 0 && parsed.b === bound)
      return parsed.o;
  } catch {
    // an undecodable token is answered like a mismatched one
  }
  return undefined;
}
