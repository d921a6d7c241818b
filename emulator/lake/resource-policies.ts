import { fail } from "../errors";
import type { RequestContext } from "../context";
import { LAKE_ARN, lakeResource, type LakeResource } from "./resources";

type Json = Record<string, unknown>;

/** Resource policies attach to channels, event data stores and dashboards only. */
function policyResource(ctx: RequestContext, arn: string): LakeResource {
  if (!/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:.+$/.test(arn))
    fail("ResourceARNNotValidException", `Resource ARN ${arn} is not valid.`);
  const kind = LAKE_ARN.exec(arn)?.[1];
  if (!kind)
    fail(
      "ResourceTypeNotSupportedException",
      `Resource policies are not supported on ${arn}: use a channel, an event data store or a dashboard.`,
    );
  try {
    return lakeResource(ctx, arn, false)!;
  } catch {
    return fail("ResourceNotFoundException", `Resource ${arn} does not exist.`);
  }
}

/** A policy is a JSON document with at least one statement that has an Effect and a Principal. */
function checkPolicy(text: string): void {
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(text) as { Statement?: unknown };
  } catch {
    return fail("ResourcePolicyNotValidException", "The resource policy is not valid JSON.");
  }
  const statements = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
  if (
    statements.length === 0 ||
    statements.some((s) => typeof s !== "object" || s === null || !("Effect" in s) || !("Principal" in s))
  ) {
    fail(
      "ResourcePolicyNotValidException",
      "The resource policy needs statements with an Effect and a Principal.",
    );
  }
}

export function putResourcePolicy(
  ctx: RequestContext,
  p: { ResourceArn: string; ResourcePolicy: string },
): Json {
  const resource = policyResource(ctx, p.ResourceArn);
  checkPolicy(p.ResourcePolicy);
  resource.ResourcePolicy = p.ResourcePolicy;
  return { ResourceArn: p.ResourceArn, ResourcePolicy: p.ResourcePolicy };
}

function policyOf(ctx: RequestContext, arn: string): { resource: LakeResource; policy: string } {
  const resource = policyResource(ctx, arn);
  if (resource.ResourcePolicy === undefined)
    fail("ResourcePolicyNotFoundException", `Resource ${arn} has no resource policy.`);
  return { resource, policy: resource.ResourcePolicy! };
}

export function getResourcePolicy(ctx: RequestContext, p: { ResourceArn: string }): Json {
  return { ResourceArn: p.ResourceArn, ResourcePolicy: policyOf(ctx, p.ResourceArn).policy };
}

export function deleteResourcePolicy(ctx: RequestContext, p: { ResourceArn: string }): Json {
  policyOf(ctx, p.ResourceArn).resource.ResourcePolicy = undefined;
  return {};
}
