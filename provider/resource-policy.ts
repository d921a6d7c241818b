import {
  DeleteResourcePolicyCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
} from "@aws-sdk/client-cloudtrail";
import { cloudTrail } from "./config";
import { canonicalPolicy } from "./normalize";
import { describeError, errorName } from "./aws";
import type { Convergence } from "./converge";
/** A store's, channel's or dashboard's props as far as the policy goes: check made it canonical text. */
export interface WithPolicy {
  resourcePolicy?: string;
}
import { changedInputs } from "./resource";

// The resource policy an event data store or a channel may have: put after the resource exists,
// read back on refresh, deleted when no longer declared. State holds its canonical text.

/** The policy of a store or channel as canonical text; undefined when it has none. */
export async function readResourcePolicy(arn: string): Promise<string | undefined> {
  try {
    const out = await cloudTrail().send(new GetResourcePolicyCommand({ ResourceArn: arn }));
    return out.ResourcePolicy ? canonicalPolicy(out.ResourcePolicy) : undefined;
  } catch (err) {
    if (errorName(err) === "ResourcePolicyNotFoundException") return undefined;
    throw describeError(`GetResourcePolicy of ${arn}`, err);
  }
}

/**
 * The converge step for the policy, when `desired` declares another one than `current` has:
 * PutResourcePolicy with the new one, or DeleteResourcePolicy when none is declared any more
 * (one already gone counts as deleted).
 */
export async function convergeResourcePolicy(
  c: Convergence<WithPolicy>,
  arn: string,
  current: WithPolicy,
  desired: WithPolicy,
): Promise<void> {
  if (changedInputs(current, desired, ["resourcePolicy"]).length === 0) return;
  const policy = desired.resourcePolicy;
  const client = cloudTrail();
  if (policy !== undefined) {
    await c.step("PutResourcePolicy", async () => {
      await client.send(new PutResourcePolicyCommand({ ResourceArn: arn, ResourcePolicy: policy }));
      return { resourcePolicy: policy };
    });
    return;
  }
  await c.step("DeleteResourcePolicy", async () => {
    try {
      await client.send(new DeleteResourcePolicyCommand({ ResourceArn: arn }));
    } catch (err) {
      if (errorName(err) !== "ResourcePolicyNotFoundException") throw err;
    }
    return { resourcePolicy: undefined };
  });
}
