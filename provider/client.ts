import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

/** Where the provider's CloudTrail calls go: from stack config (`aws:region`, `aws:profile`, `cloudtrail:endpoint`). */
export type CloudTrailConfig = {
  /** AWS region. @default the SDK's default chain: AWS_REGION, then the profile's region */
  region?: string;
  /**
   * Named profile of the shared AWS config files: its region (unless `region` is given) and its
   * credentials, as the AWS CLI's `--profile`. @default AWS_PROFILE, else the default profile
   */
  profile?: string;
  /** Endpoint override: the local emulator, LocalStack or moto. @default AWS's endpoint for the region */
  endpoint?: string;
  /** Attempts per call, retries included (config `cloudtrail:maxAttempts`). @default 8 */
  maxAttempts?: number;
  /** Credentials, or a function that resolves them. @default the AWS SDK's credential chain (for `profile` when given) */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
};

/** RATE-1 and RATE-2 as a client applies them to itself: requests per second per API. */
export function clientRate(operation: string): number {
  if (operation === "LookupEvents" || operation === "ListInsightsData") return 2;
  if (operation === "PutAuditEvents") return 100;
  if (operation === "StartQuery" || operation === "CancelQuery") return 3;
  if (/^(Get|Describe|List)/.test(operation)) return 10;
  return 1;
}

/**
 * Spaces calls of one API so that a process never sends faster than CloudTrail's quota for it;
 * what still gets throttled (other processes, other tools) is left to the SDK's adaptive retries.
 */
export class ApiPacer {
  private next = new Map<string, number>();

  /** Resolves when a call of `operation` may be sent. */
  async wait(operation: string): Promise<void> {
    // The monotonic clock: a wall clock set forward while a call waits would send it early.
    const now = performance.now();
    const at = Math.max(now, this.next.get(operation) ?? 0);
    // 10% under the quota, so that network jitter between two paced calls never makes them
    // arrive closer together than the service's bucket refills.
    this.next.set(operation, at + 1100 / clientRate(operation));
    // Timers count whole milliseconds: wait out a fraction they leave.
    for (let left = at - now; left > 0; left = at - performance.now())
      await new Promise((r) => setTimeout(r, Math.ceil(left)));
  }
}

/**
 * A CloudTrail client with adaptive retries (which back off on ThrottlingException) and a pacer
 * per API in front of every attempt.
 */
export function createCloudTrailClient(config: CloudTrailConfig, pacer = new ApiPacer()): CloudTrailClient {
  const client = new CloudTrailClient({
    region: config.region,
    endpoint: config.endpoint,
    // The SDK's own resolution for a selected profile: region and credentials both from it.
    profile: config.profile,
    credentials: config.credentials,
    retryMode: "adaptive",
    maxAttempts: config.maxAttempts ?? 8,
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      await pacer.wait(String(context.commandName ?? "").replace(/Command$/, ""));
      return next(args);
    },
    // Inside the retry middleware, so every attempt is paced, not only the first.
    { step: "finalizeRequest", priority: "low", name: "cloudTrailApiPacer" },
  );
  return client;
}
