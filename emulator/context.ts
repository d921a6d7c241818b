import type { EmulatorState } from "./state";
import type { LakeSettings } from "./lake/state";

/** What a handler knows about the request it serves. */
export type RequestContext = {
  account: string;
  region: string;
  partition: string;
  accessKeyId: string;
  username: string;
  now: Date;
  state: EmulatorState;
  /** Page size of List* operations. */
  pageSize: number;
  /** resources.type values the emulator accepts (AES-5). */
  resourceTypes: string[];
  /** Lake controls: EDS-15, simulated run and transition times. */
  lake: LakeSettings;
};

export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
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
    if (typeof parsed.o === "number" && parsed.b === bound) return parsed.o;
  } catch {
    // an undecodable token is answered like a mismatched one
  }
  return undefined;
}
