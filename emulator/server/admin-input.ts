/**
 * The admin API's refusals and the checks of what its calls send: every admin input is validated
 * here before it reaches the emulator (a bad one is a 400 naming the field and what it takes).
 */
import type { Fault } from "../controls";
import { parseBody } from "../wire";
import { REGISTRY_KINDS } from "./instance";
import type { KnownCredential, Registration } from "./options";
import { isOperation } from "./router";

/** Seconds the clock may be advanced by in one call: a century. */
const MAX_CLOCK_ADVANCE_SECONDS = 100 * 366 * 24 * 3600;

/** An admin-endpoint refusal: status and message. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** An admin body: empty, or a JSON object. */
export function adminInput(body: Buffer): Record<string, unknown> {
  const text = body.toString("utf8");
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = parseBody(text);
  } catch (e) {
    throw new AdminError(400, `body must be a JSON object: ${(e as Error).message}`);
  }
  return parsed as Record<string, unknown>;
}

/** A list of at most 1000 strings, each matching `pattern`. */
export function strings(value: unknown, name: string, pattern: RegExp): string[] {
  if (
    !Array.isArray(value) ||
    value.length > 1000 ||
    !value.every((v) => typeof v === "string" && pattern.test(v))
  ) {
    throw new AdminError(400, `${name} takes a list of at most 1000 strings matching ${pattern.source}`);
  }
  return value as string[];
}

/** A query-string integer within bounds; `fallback` when absent. */
export function integerParam(
  text: string | null,
  min: number,
  max: number,
  fallback: number,
  name: string,
): number {
  if (text === null) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new AdminError(400, `${name} takes an integer from ${min} to ${max}`);
  return n;
}

/** A fault to script: an operation (or *), its kind, how many calls, and a latency for `latency`. */
export function faultInput(input: Record<string, unknown>): Fault {
  const { operation, kind, count, latencyMs } = input;
  if (typeof operation !== "string" || !(operation === "*" || isOperation(operation)))
    throw new AdminError(400, "operation takes an operation name or *");
  if (kind !== "throttle" && kind !== "internal" && kind !== "reset" && kind !== "latency")
    throw new AdminError(400, "kind takes throttle, internal, reset or latency");
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 1_000_000)
    throw new AdminError(400, "count takes an integer from 1 to 1000000");
  if (
    latencyMs !== undefined &&
    !(Number.isInteger(latencyMs) && (latencyMs as number) >= 0 && (latencyMs as number) <= 600_000)
  )
    throw new AdminError(400, "latencyMs takes an integer from 0 to 600000");
  return { operation, kind, count: count as number, latencyMs: latencyMs as number | undefined };
}

/** Names of other services' resources to register, and organization management accounts. */
export function registerInput(input: Record<string, unknown>): Registration {
  const out: Registration = {};
  for (const kind of REGISTRY_KINDS)
    if (input[kind] !== undefined) out[kind] = strings(input[kind], kind, /^\S{1,2048}$/);
  if (input.organizationAccounts !== undefined)
    out.organizationAccounts = strings(input.organizationAccounts, "organizationAccounts", /^\d{12}$/);
  return out;
}

/** A key whose signatures are verified: its id, secret, account and, optionally, the IAM user it names. */
export function credentialInput(input: Record<string, unknown>): KnownCredential & { accessKeyId: string } {
  const { accessKeyId, secretAccessKey, account, username } = input;
  if (typeof accessKeyId !== "string" || !/^\w{1,128}$/.test(accessKeyId))
    throw new AdminError(400, "accessKeyId takes 1 to 128 letters, digits or underscores");
  if (typeof secretAccessKey !== "string" || secretAccessKey.length < 1 || secretAccessKey.length > 256)
    throw new AdminError(400, "secretAccessKey takes a string of 1 to 256 characters");
  if (typeof account !== "string" || !/^\d{12}$/.test(account))
    throw new AdminError(400, "account takes 12 digits");
  if (username !== undefined && !(typeof username === "string" && /^[\w+=,.@-]{1,64}$/.test(username)))
    throw new AdminError(400, "username takes an IAM user name");
  return { accessKeyId, secretAccessKey, account, username };
}

/** `advanceSeconds` of a clock call: a number of seconds from 0 to a century (0 when absent). */
export function clockInput(input: Record<string, unknown>): number {
  const seconds = input.advanceSeconds ?? 0;
  if (typeof seconds !== "number" || !(seconds >= 0 && seconds <= MAX_CLOCK_ADVANCE_SECONDS)) {
    throw new AdminError(400, `advanceSeconds takes a number from 0 to ${MAX_CLOCK_ADVANCE_SECONDS}`);
  }
  return seconds;
}

/** The settings a config call changes: each checked, each optional. */
export function configInput(input: Record<string, unknown>): {
  rateScale?: number;
  pageSize?: number;
  extraResourceTypes?: string[];
} {
  const { rateScale, pageSize, extraResourceTypes } = input;
  if (rateScale !== undefined && !(typeof rateScale === "number" && rateScale >= 0 && rateScale <= 1000))
    throw new AdminError(400, "rateScale takes a number from 0 to 1000");
  if (
    pageSize !== undefined &&
    !(Number.isInteger(pageSize) && (pageSize as number) >= 1 && (pageSize as number) <= 1000)
  )
    throw new AdminError(400, "pageSize takes an integer from 1 to 1000");
  return {
    rateScale: rateScale as number | undefined,
    pageSize: pageSize as number | undefined,
    extraResourceTypes:
      extraResourceTypes === undefined
        ? undefined
        : strings(extraResourceTypes, "extraResourceTypes", /^[A-Za-z0-9:]{1,256}$/),
  };
}
