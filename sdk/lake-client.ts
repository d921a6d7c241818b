import { createRequire } from "node:module";
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type * as pulumi from "@pulumi/pulumi";
import { ApiPacer, createCloudTrailClient, type CloudTrailConfig } from "../provider/client";
import { validate, type CheckFailure, type Kind } from "../provider/validate";
import { resolveEndpoint } from "./endpoint";

/**
 * Where the data-plane functions send their calls. Each field falls back to the stack's config
 * inside a Pulumi program (`aws:region`, `aws:profile`, `cloudtrail:endpoint`,
 * `cloudtrail:maxAttempts`, as the providers read it), and then to the AWS SDK's own defaults
 * (AWS_REGION, AWS_PROFILE, the credential chain).
 */
export type LakeClientOptions = CloudTrailConfig;

/**
 * The options with stack config filled in. Outside a Pulumi program the stack config is empty,
 * so a plain script gets its options and the SDK's defaults.
 */
export function resolveClientConfig(options: LakeClientOptions = {}): CloudTrailConfig {
  const runtime = loadedPulumi();
  const aws = runtime && new runtime.Config("aws");
  const cloudtrail = runtime && new runtime.Config("cloudtrail");
  const attempts = Number(cloudtrail?.get("maxAttempts"));
  return {
    region: options.region ?? aws?.get("region"),
    profile: options.profile ?? aws?.get("profile"),
    endpoint: options.endpoint ?? cloudtrail?.get("endpoint"),
    maxAttempts: options.maxAttempts ?? (Number.isInteger(attempts) && attempts > 0 ? attempts : undefined),
    credentials: options.credentials,
  };
}

const load = createRequire(__filename);

/**
 * `@pulumi/pulumi` when this process has loaded it, else undefined. Stack config exists only in a
 * Pulumi program, and a program that uses this package has loaded `@pulumi/pulumi` through its
 * resources; the `cloudtrail-lake` CLI has not, and not loading it saves the CLI most of its start-up.
 */
function loadedPulumi(): typeof pulumi | undefined {
  const resolved = load.resolve("@pulumi/pulumi");
  return load.cache[resolved] ? (load(resolved) as typeof pulumi) : undefined;
}

/** One pacer for every data-plane call of the process, so that RATE-2 holds across calls. */
export const pacer = new ApiPacer();

/**
 * A CloudTrail client for the options (see {@link resolveClientConfig}; the endpoint by
 * {@link resolveEndpoint}'s rule), paced with the process's {@link pacer}.
 */
export async function lakeClient(fn: string, options: LakeClientOptions = {}): Promise<CloudTrailClient> {
  const config = resolveClientConfig(options);
  const endpoint = await resolveEndpoint(fn, "CloudTrail", config.endpoint, config.profile);
  return createCloudTrailClient({ ...config, endpoint }, pacer);
}

/** Arguments of a data-plane function that break a rule: nothing was sent. */
export class InvalidArgumentsError extends Error {
  /** `InvalidArgumentsError`. */
  override readonly name = "InvalidArgumentsError";

  constructor(
    /** The function that refused its arguments. */
    readonly fn: string,
    /** Every problem, with the argument's path and the rule id. */
    readonly failures: CheckFailure[],
  ) {
    super(`${fn}: ${failures.map((f) => `${f.property || "arguments"}: ${f.reason}`).join("; ")}`);
  }
}

/**
 * Validates a function's arguments with the project's validator (schema.json kind `kind`) and
 * throws {@link InvalidArgumentsError} naming each argument as the caller wrote it.
 */
export function checkArguments(
  fn: string,
  kind: Kind,
  input: Record<string, unknown>,
  rename: (property: string) => string = (p) => p,
): void {
  const { failures } = validate(kind, input);
  if (failures.length > 0)
    throw new InvalidArgumentsError(
      fn,
      failures.map((f) => ({ ...f, property: rename(f.property) })),
    );
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
