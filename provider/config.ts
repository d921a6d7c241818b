import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type * as pulumi from "@pulumi/pulumi";
import { createCloudTrailClient, type CloudTrailConfig } from "./client";

// One CloudTrail client per plugin process, shared by every resource kind, so that the pacer
// sees all of the process's calls to an API (RATE-1, RATE-2).

let config: CloudTrailConfig = {};
let client: CloudTrailClient | undefined;

/**
 * The dynamic provider's `configure`: stack config `aws:region`, `aws:profile`,
 * `cloudtrail:endpoint` and `cloudtrail:maxAttempts`.
 */
export async function configureFromStack(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  const attempts = Number(req.config.get("cloudtrail:maxAttempts"));
  const next: CloudTrailConfig = {
    region: req.config.get("aws:region"),
    profile: req.config.get("aws:profile"),
    endpoint: req.config.get("cloudtrail:endpoint"),
    maxAttempts: Number.isInteger(attempts) && attempts > 0 ? attempts : undefined,
  };
  if (client && JSON.stringify(next) === JSON.stringify(config)) return;
  config = next;
  client = undefined;
}

/** The process's CloudTrail client; without stack config, the AWS SDK's default chain decides. */
export function cloudTrail(): CloudTrailClient {
  client ??= createCloudTrailClient(config);
  return client;
}

/** The region calls go to (stack config, else the SDK's default chain). */
export async function stackRegion(): Promise<string> {
  return cloudTrail().config.region();
}
