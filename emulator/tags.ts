/**
 * AddTags, RemoveTags and ListTags: one set of operations for every resource that carries tags, a
 * trail, an event data store, a channel or a dashboard, told apart by the ARN. Trails answer a name
 * or an ARN of another kind with their own errors (CloudTrailARNInvalidException).
 */
import { fail } from "./errors";
import { pageToken, readPageToken, type RequestContext } from "./context";
import { checkTagCount, checkTags, type Tag } from "./rules/names";
import { taggedTrail } from "./trails";
import { lakeResource } from "./lake/resources";

type Json = Record<string, unknown>;

/** Most ARNs one ListTags call takes. */
const MAX_LISTED = 20;

/** The resource an ARN names; `mutating` asks for one a write may change (an active store, a trail's home region). */
function tagged(ctx: RequestContext, arn: string, mutating: boolean): { Tags: Tag[] } {
  return lakeResource(ctx, arn, mutating) ?? taggedTrail(ctx, arn, mutating);
}

export function addTags(ctx: RequestContext, p: { ResourceId: string; TagsList: Tag[] }): Json {
  const resource = tagged(ctx, p.ResourceId, true);
  checkTags(p.TagsList);
  const merged = new Map(resource.Tags.map((t) => [t.Key, t.Value ?? ""]));
  for (const t of p.TagsList) merged.set(t.Key, t.Value ?? "");
  checkTagCount(merged.size);
  resource.Tags = [...merged].map(([Key, Value]) => ({ Key, Value }));
  return {};
}

export function removeTags(ctx: RequestContext, p: { ResourceId: string; TagsList: Tag[] }): Json {
  const resource = tagged(ctx, p.ResourceId, true);
  const remove = new Set(p.TagsList.map((t) => t.Key));
  resource.Tags = resource.Tags.filter((t) => !remove.has(t.Key));
  return {};
}

/** ListTags over any mix of trail, store, channel and dashboard ARNs, a page at a time. */
export function listTags(ctx: RequestContext, p: { ResourceIdList: string[]; NextToken?: string }): Json {
  if (p.ResourceIdList.length > MAX_LISTED)
    fail("ValidationException", `ResourceIdList takes at most ${MAX_LISTED} ARNs.`);
  const bound = `ListTags:${p.ResourceIdList.join(",")}`;
  const offset = readPageToken(p.NextToken, bound);
  if (offset === undefined) fail("InvalidTokenException", "The NextToken is not valid.");
  const all = p.ResourceIdList.map((id) => ({ ResourceId: id, TagsList: tagged(ctx, id, false).Tags }));
  const page = all.slice(offset, offset + ctx.pageSize);
  const next = offset + ctx.pageSize < all.length ? pageToken(offset + ctx.pageSize, bound) : undefined;
  return { ResourceTagList: page, NextToken: next };
}
