import { fail } from "../errors";
import { pageToken, readPageToken, type RequestContext } from "../context";
import { checkTagCount, checkTags, type Tag } from "../rules/names";
import * as trails from "../trails";
import { findChannel } from "./channels";
import { findDashboard } from "./dashboards";
import { findStore } from "./event-data-stores";
import type { ChannelRecord, DashboardRecord, EventDataStoreRecord } from "./state";

/** What tags and resource policies attach to in Lake. */
type LakeResource = EventDataStoreRecord | ChannelRecord | DashboardRecord;

type Json = Record<string, unknown>;

const LAKE_ARN = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:(eventdatastore|channel|dashboard)\//;

/** The store, channel or dashboard an ARN names, or undefined when the ARN is not a Lake resource's (a trail's). */
function lakeResource(ctx: RequestContext, arn: string, active: boolean): LakeResource | undefined {
  const kind = LAKE_ARN.exec(arn)?.[1];
  if (kind === "eventdatastore") return findStore(ctx, arn, active);
  if (kind === "channel") return findChannel(ctx, arn);
  if (kind === "dashboard") return findDashboard(ctx, arn);
  return undefined;
}

/** AddTags on a store, channel or dashboard ARN; anything else is a trail's business. */
export function addTags(ctx: RequestContext, p: { ResourceId: string; TagsList: Tag[] }): Json {
  const resource = lakeResource(ctx, p.ResourceId, true);
  if (!resource) return trails.addTags(ctx, p);
  checkTags(p.TagsList);
  const merged = new Map(resource.Tags.map((t) => [t.Key, t.Value ?? ""]));
  for (const t of p.TagsList) merged.set(t.Key, t.Value ?? "");
  checkTagCount(merged.size);
  resource.Tags = [...merged].map(([Key, Value]) => ({ Key, Value }));
  return {};
}

export function removeTags(ctx: RequestContext, p: { ResourceId: string; TagsList: Tag[] }): Json {
  const resource = lakeResource(ctx, p.ResourceId, true);
  if (!resource) return trails.removeTags(ctx, p);
  const remove = new Set(p.TagsList.map((t) => t.Key));
  resource.Tags = resource.Tags.filter((t) => !remove.has(t.Key));
  return {};
}

/** ListTags over any mix of trail, store, channel and dashboard ARNs. */
export function listTags(ctx: RequestContext, p: { ResourceIdList: string[]; NextToken?: string }): Json {
  if (!p.ResourceIdList.some((id) => LAKE_ARN.test(id))) return trails.listTags(ctx, p);
  if (p.ResourceIdList.length > 20) fail("ValidationException", "ResourceIdList takes at most 20 ARNs.");
  const bound = `ListTags:${p.ResourceIdList.join(",")}`;
  const offset = readPageToken(p.NextToken, bound);
  if (offset === undefined) fail("InvalidTokenException", "The NextToken is not valid.");
  const all = p.ResourceIdList.map((id) => {
    const resource = lakeResource(ctx, id, false);
    const tags = resource
      ? resource.Tags
      : ((trails.listTags(ctx, { ResourceIdList: [id] }).ResourceTagList as { TagsList: Tag[] }[])[0]
          ?.TagsList ?? []);
    return { ResourceId: id, TagsList: tags };
  });
  const page = all.slice(offset, offset + ctx.pageSize);
  const next = offset + ctx.pageSize < all.length ? pageToken(offset + ctx.pageSize, bound) : undefined;
  return { ResourceTagList: page, NextToken: next };
}

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
