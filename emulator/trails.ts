import { fail } from "./errors";
import { partitionOf, partitionRegions, pageToken, readPageToken, type RequestContext } from "./context";
import { accountState, type TrailRecord } from "./state";
import { requireManagementToConvert, requireOrganizationAdmin } from "./organization";
import {
  checkBucketName,
  checkKeyPrefix,
  checkKmsKeyId,
  checkTagCount,
  checkTags,
  checkTrailName,
  kmsKeyArn,
  type Tag,
} from "./rules/names";
import {
  checkAdvancedEventSelectors,
  checkEventSelectors,
  checkSelectorKinds,
  type AdvancedEventSelector,
  type EventSelector,
} from "./rules/selectors";

type Json = Record<string, unknown>;

/** TRAIL-8: what a trail logs until selectors are put. */
const DEFAULT_SELECTORS: EventSelector[] = [
  {
    ReadWriteType: "All",
    IncludeManagementEvents: true,
    DataResources: [],
    ExcludeManagementEventSources: [],
  },
];

const TRAIL_ARN = /^arn:(aws[a-z-]*):cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;

/** Trails a region sees: its own, and multi-region trails of its partition's other regions (shadows). */
function trailsIn(ctx: RequestContext, region: string): TrailRecord[] {
  const partition = partitionOf(region);
  return Object.values(accountState(ctx.state, ctx.account).trails).filter(
    (t) => t.HomeRegion === region || (t.IsMultiRegionTrail && partitionOf(t.HomeRegion) === partition),
  );
}

function visibleTrails(ctx: RequestContext): TrailRecord[] {
  return trailsIn(ctx, ctx.region);
}

/** "Unknown trail" as AWS words it: always with the trail's ARN, also when it was named by name. */
function unknownTrail(ctx: RequestContext, nameOrArn: string): never {
  const arn = nameOrArn.startsWith("arn:")
    ? nameOrArn
    : `arn:${ctx.partition}:cloudtrail:${ctx.region}:${ctx.account}:trail/${nameOrArn}`;
  return fail("TrailNotFoundException", `Unknown trail: ${arn} for the user: ${ctx.account}`);
}

/**
 * TRAIL-1 and TRAIL-2 in every region the trail exists in (all regions of its partition for a
 * multi-region trail): the name must be free and the region must have room.
 */
function checkRoom(ctx: RequestContext, name: string, regions: readonly string[], replacing?: string): void {
  for (const region of regions) {
    const others = trailsIn(ctx, region).filter((t) => t.TrailARN !== replacing);
    if (others.some((t) => t.Name === name)) {
      fail(
        "TrailAlreadyExistsException",
        `Trail ${name} already exists in ${region} for customer: ${ctx.account}. (TRAIL-2)`,
      );
    }
    if (others.length >= 5) {
      fail(
        "MaximumNumberOfTrailsExceededException",
        `User: ${ctx.account} already has 5 trails in ${region}. (TRAIL-1)`,
      );
    }
  }
}

/** Finds a trail named by name or ARN, as seen from the request's region (TrailNotFoundException). */
export function findTrail(ctx: RequestContext, nameOrArn: string): TrailRecord {
  const m = TRAIL_ARN.exec(nameOrArn);
  if (m) {
    const found = m[3] === ctx.account ? accountState(ctx.state, ctx.account).trails[nameOrArn] : undefined;
    if (found && visibleTrails(ctx).includes(found)) return found;
    return unknownTrail(ctx, nameOrArn);
  }
  if (nameOrArn.startsWith("arn:"))
    return fail("CloudTrailARNInvalidException", `Invalid trail ARN: ${nameOrArn}`);
  checkTrailName(nameOrArn);
  const visible = visibleTrails(ctx);
  const found =
    visible.find((t) => t.Name === nameOrArn && t.HomeRegion === ctx.region) ??
    visible.find((t) => t.Name === nameOrArn);
  return found ?? unknownTrail(ctx, nameOrArn);
}

/** TRAIL-3: changes only from the trail's home region. */
export function homeOnly(ctx: RequestContext, trail: TrailRecord): TrailRecord {
  if (trail.HomeRegion !== ctx.region) {
    fail(
      "InvalidHomeRegionException",
      `This operation must be called from the trail's home region, ${trail.HomeRegion}; it was called from ${ctx.region}. (TRAIL-3)`,
    );
  }
  // ORG-5: an organization trail is changed by the management account or a delegated administrator only.
  if (trail.IsOrganizationTrail) requireOrganizationAdmin(ctx, `change organization trail ${trail.Name}`);
  return trail;
}

function exists(
  ctx: RequestContext,
  kind: keyof RequestContext["state"]["registry"],
  names: string[],
): boolean {
  const registered = ctx.state.registry[kind];
  return registered.length === 0 || names.some((n) => registered.includes(n));
}

type TrailSettings = {
  S3BucketName?: string;
  S3KeyPrefix?: string;
  SnsTopicName?: string;
  IncludeGlobalServiceEvents?: boolean;
  IsMultiRegionTrail?: boolean;
  EnableLogFileValidation?: boolean;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  KmsKeyId?: string;
  IsOrganizationTrail?: boolean;
};

/**
 * Applies CreateTrail/UpdateTrail settings onto a trail, enforcing NAME-4, NAME-5, TRAIL-4 to
 * TRAIL-6 and ORG-5, in the order AWS checks them: the first setting refused stops the call.
 */
function applySettings(ctx: RequestContext, trail: TrailRecord, p: TrailSettings, creating = false): void {
  // AWS checks TRAIL-5 before the bucket exists.
  if (
    (p.IsMultiRegionTrail ?? trail.IsMultiRegionTrail) &&
    !(p.IncludeGlobalServiceEvents ?? trail.IncludeGlobalServiceEvents)
  ) {
    fail(
      "InvalidParameterCombinationException",
      "A multi-region trail must include global service events: set IncludeGlobalServiceEvents to true. (TRAIL-5)",
    );
  }
  if (p.S3BucketName !== undefined) {
    checkBucketName(p.S3BucketName);
    if (!exists(ctx, "s3Buckets", [p.S3BucketName])) {
      fail("S3BucketDoesNotExistException", `S3 bucket ${p.S3BucketName} does not exist.`);
    }
    trail.S3BucketName = p.S3BucketName;
  }
  if (p.S3KeyPrefix !== undefined) {
    checkKeyPrefix(p.S3KeyPrefix);
    trail.S3KeyPrefix = p.S3KeyPrefix === "" ? undefined : p.S3KeyPrefix;
  }
  if (p.SnsTopicName !== undefined) applySnsTopic(ctx, trail, p.SnsTopicName);
  if (p.KmsKeyId !== undefined) applyKmsKey(ctx, trail, p.KmsKeyId);
  if (p.CloudWatchLogsLogGroupArn !== undefined || p.CloudWatchLogsRoleArn !== undefined)
    applyCloudWatchLogs(ctx, trail, p.CloudWatchLogsLogGroupArn ?? "", p.CloudWatchLogsRoleArn ?? "");
  if (p.IncludeGlobalServiceEvents !== undefined)
    trail.IncludeGlobalServiceEvents = p.IncludeGlobalServiceEvents;
  if (p.IsMultiRegionTrail !== undefined) trail.IsMultiRegionTrail = p.IsMultiRegionTrail;
  if (p.EnableLogFileValidation !== undefined) trail.LogFileValidationEnabled = p.EnableLogFileValidation;
  if (p.IsOrganizationTrail !== undefined) {
    if (creating && p.IsOrganizationTrail) requireOrganizationAdmin(ctx, "create an organization trail");
    if (!creating && p.IsOrganizationTrail !== trail.IsOrganizationTrail)
      requireManagementToConvert(
        ctx,
        p.IsOrganizationTrail
          ? "turn a trail into an organization trail"
          : "turn an organization trail into a trail of one account",
      );
    trail.IsOrganizationTrail = p.IsOrganizationTrail;
  }
}

/** The SNS topic, by name or ARN; "" removes it. */
function applySnsTopic(ctx: RequestContext, trail: TrailRecord, topic: string): void {
  if (topic === "") {
    trail.SnsTopicName = trail.SnsTopicARN = undefined;
    return;
  }
  const arn = topic.startsWith("arn:")
    ? topic
    : `arn:${ctx.partition}:sns:${ctx.region}:${ctx.account}:${topic}`;
  const name = arn.split(":").pop() ?? "";
  if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(arn)) {
    fail("InvalidSnsTopicNameException", `SNS topic ${topic} is not a valid topic name or ARN.`);
  }
  if (!exists(ctx, "snsTopics", [topic, arn, name])) {
    // AWS's wording, as terraform reports it (ministryofjustice/modernisation-platform-terraform-baselines#63).
    fail("InsufficientSnsTopicPolicyException", "SNS Topic does not exist or the topic policy is incorrect!");
  }
  trail.SnsTopicName = name;
  trail.SnsTopicARN = arn;
}

/** The KMS key, kept as its ARN; "" removes it. */
function applyKmsKey(ctx: RequestContext, trail: TrailRecord, keyId: string): void {
  if (keyId === "") {
    trail.KmsKeyId = undefined;
    return;
  }
  checkKmsKeyId(keyId);
  const arn = kmsKeyArn(keyId, ctx.partition, ctx.region, ctx.account);
  if (!exists(ctx, "kmsKeys", [keyId, arn]))
    fail("KmsKeyNotFoundException", `KMS key ${keyId} does not exist.`);
  trail.KmsKeyId = arn;
}

/** TRAIL-4: a log group and a role, together or neither ("" for both removes them). */
function applyCloudWatchLogs(ctx: RequestContext, trail: TrailRecord, group: string, role: string): void {
  if ((group === "") !== (role === "")) {
    fail(
      "InvalidParameterCombinationException",
      "CloudWatchLogsLogGroupArn and CloudWatchLogsRoleArn must be given together. (TRAIL-4)",
    );
  }
  if (group !== "") {
    if (!/^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[^:]+:\*$/.test(group)) {
      fail(
        "InvalidCloudWatchLogsLogGroupArnException",
        `CloudWatch Logs log group ARN ${group} is not valid. (TRAIL-4)`,
      );
    }
    if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(role) || !exists(ctx, "iamRoles", [role])) {
      fail(
        "InvalidCloudWatchLogsRoleArnException",
        `CloudWatch Logs role ARN ${role} is not valid or does not exist. (TRAIL-4)`,
      );
    }
    if (!exists(ctx, "logGroups", [group])) {
      fail(
        "InvalidCloudWatchLogsLogGroupArnException",
        `CloudWatch Logs log group ${group} does not exist. (TRAIL-4)`,
      );
    }
  }
  trail.CloudWatchLogsLogGroupArn = group === "" ? undefined : group;
  trail.CloudWatchLogsRoleArn = role === "" ? undefined : role;
}

/** The API's Trail shape. */
function trailShape(t: TrailRecord): Json {
  return {
    Name: t.Name,
    S3BucketName: t.S3BucketName,
    S3KeyPrefix: t.S3KeyPrefix,
    SnsTopicName: t.SnsTopicName,
    SnsTopicARN: t.SnsTopicARN,
    IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents,
    IsMultiRegionTrail: t.IsMultiRegionTrail,
    HomeRegion: t.HomeRegion,
    TrailARN: t.TrailARN,
    LogFileValidationEnabled: t.LogFileValidationEnabled,
    CloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn,
    KmsKeyId: t.KmsKeyId,
    HasCustomEventSelectors: t.HasCustomEventSelectors,
    HasInsightSelectors: t.InsightSelectors.length > 0,
    IsOrganizationTrail: t.IsOrganizationTrail,
  };
}

/** What CreateTrail and UpdateTrail answer: the Trail shape less home region and selector flags. */
function changeShape(t: TrailRecord): Json {
  const shape = trailShape(t);
  delete shape.HomeRegion;
  delete shape.HasCustomEventSelectors;
  delete shape.HasInsightSelectors;
  return shape;
}

export function createTrail(
  ctx: RequestContext,
  p: TrailSettings & { Name: string; TagsList?: Tag[] },
): Json {
  checkTrailName(p.Name);
  checkRoom(ctx, p.Name, [ctx.region]);
  const tags = p.TagsList ?? [];
  checkTags(tags);
  checkTagCount(tags.length);
  const trail: TrailRecord = {
    Name: p.Name,
    S3BucketName: "",
    IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: false,
    HomeRegion: ctx.region,
    TrailARN: `arn:${partitionOf(ctx.region)}:cloudtrail:${ctx.region}:${ctx.account}:trail/${p.Name}`,
    LogFileValidationEnabled: false,
    IsOrganizationTrail: false,
    IsLogging: false,
    EventSelectors: DEFAULT_SELECTORS,
    HasCustomEventSelectors: false,
    InsightSelectors: [],
    Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value ?? "" })),
  };
  applySettings(ctx, trail, p, true);
  if (trail.IsMultiRegionTrail) checkRoom(ctx, p.Name, partitionRegions(ctx.region));
  accountState(ctx.state, ctx.account).trails[trail.TrailARN] = trail;
  return changeShape(trail);
}

export function getTrail(ctx: RequestContext, p: { Name: string }): Json {
  return { Trail: trailShape(findTrail(ctx, p.Name)) };
}

export function describeTrails(
  ctx: RequestContext,
  p: { trailNameList?: string[]; includeShadowTrails?: boolean },
): Json {
  const includeShadows = p.includeShadowTrails ?? true;
  let trails = visibleTrails(ctx).filter((t) => includeShadows || t.HomeRegion === ctx.region);
  if (p.trailNameList && p.trailNameList.length > 0) {
    const wanted = new Set(p.trailNameList);
    trails = trails.filter((t) => wanted.has(t.Name) || wanted.has(t.TrailARN));
  }
  return { trailList: trails.map(trailShape) };
}

export function listTrails(ctx: RequestContext, p: { NextToken?: string }): Json {
  const trails = visibleTrails(ctx).sort((a, b) => a.TrailARN.localeCompare(b.TrailARN));
  const offset = readPageToken(p.NextToken, "ListTrails");
  if (offset === undefined) fail("ValidationException", "The NextToken is not valid.");
  const page = trails.slice(offset, offset + ctx.pageSize);
  const next =
    offset + ctx.pageSize < trails.length ? pageToken(offset + ctx.pageSize, "ListTrails") : undefined;
  return {
    Trails: page.map((t) => ({ TrailARN: t.TrailARN, Name: t.Name, HomeRegion: t.HomeRegion })),
    NextToken: next,
  };
}

export function updateTrail(ctx: RequestContext, p: TrailSettings & { Name: string }): Json {
  const trail = homeOnly(ctx, findTrail(ctx, p.Name));
  const draft: TrailRecord = structuredClone(trail);
  applySettings(ctx, draft, p);
  if (draft.IsMultiRegionTrail && !trail.IsMultiRegionTrail)
    checkRoom(ctx, draft.Name, partitionRegions(draft.HomeRegion), trail.TrailARN);
  Object.assign(trail, draft);
  return changeShape(trail);
}

export function deleteTrail(ctx: RequestContext, p: { Name: string }): Json {
  const trail = homeOnly(ctx, findTrail(ctx, p.Name));
  delete accountState(ctx.state, ctx.account).trails[trail.TrailARN];
  return {};
}

export function getTrailStatus(ctx: RequestContext, p: { Name: string }): Json {
  const t = findTrail(ctx, p.Name);
  const seconds = (ms?: number) => (ms === undefined ? undefined : ms / 1000);
  // The legacy string members: AWS still answers them, as "" when there is nothing to report, and
  // formats times as ISO 8601 to the second (the AWS CLI reference's get-trail-status example).
  const legacy = (ms?: number) =>
    ms === undefined ? "" : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  const d = t.Delivery;
  return {
    IsLogging: t.IsLogging,
    StartLoggingTime: seconds(t.StartLoggingTime),
    StopLoggingTime: seconds(t.StopLoggingTime),
    LatestDeliveryTime: seconds(d?.latestDeliveryTime),
    LatestDeliveryError: d?.latestDeliveryError,
    LatestDigestDeliveryTime: seconds(d?.latestDigestDeliveryTime),
    LatestDigestDeliveryError: d?.latestDigestDeliveryError,
    LatestDeliveryAttemptTime: legacy(d?.latestDeliveryAttemptTime),
    LatestNotificationAttemptTime: "",
    LatestNotificationAttemptSucceeded: "",
    LatestDeliveryAttemptSucceeded: legacy(
      d?.latestDeliveryAttemptSucceeded ? d.latestDeliveryAttemptTime : undefined,
    ),
    TimeLoggingStarted: legacy(t.StartLoggingTime),
    TimeLoggingStopped: legacy(t.StopLoggingTime),
  };
}

export function startLogging(ctx: RequestContext, p: { Name: string }): Json {
  const trail = homeOnly(ctx, findTrail(ctx, p.Name));
  if (!trail.IsLogging) {
    trail.IsLogging = true;
    trail.StartLoggingTime = ctx.now.getTime();
  }
  return {};
}

export function stopLogging(ctx: RequestContext, p: { Name: string }): Json {
  const trail = homeOnly(ctx, findTrail(ctx, p.Name));
  if (trail.IsLogging) {
    trail.IsLogging = false;
    trail.StopLoggingTime = ctx.now.getTime();
  }
  return {};
}

export function putEventSelectors(
  ctx: RequestContext,
  p: {
    TrailName: string;
    EventSelectors?: EventSelector[];
    AdvancedEventSelectors?: AdvancedEventSelector[];
  },
): Json {
  const trail = homeOnly(ctx, findTrail(ctx, p.TrailName));
  checkSelectorKinds(p.EventSelectors, p.AdvancedEventSelectors);
  if (p.EventSelectors) {
    checkEventSelectors(p.EventSelectors);
    trail.EventSelectors = p.EventSelectors.map((s) => ({
      ReadWriteType: s.ReadWriteType ?? "All",
      IncludeManagementEvents: s.IncludeManagementEvents ?? true,
      DataResources: s.DataResources ?? [],
      ExcludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
    }));
    trail.AdvancedEventSelectors = undefined;
  } else {
    const selectors = p.AdvancedEventSelectors as AdvancedEventSelector[];
    checkAdvancedEventSelectors(selectors, {
      categories: ["Management", "Data", "NetworkActivity"],
      resourceTypes: ctx.resourceTypes,
    });
    trail.AdvancedEventSelectors = selectors;
    trail.EventSelectors = undefined;
  }
  trail.HasCustomEventSelectors = true;
  return selectorsShape(trail);
}

function selectorsShape(t: TrailRecord): Json {
  return t.AdvancedEventSelectors
    ? { TrailARN: t.TrailARN, AdvancedEventSelectors: t.AdvancedEventSelectors }
    : { TrailARN: t.TrailARN, EventSelectors: t.EventSelectors };
}

export function getEventSelectors(ctx: RequestContext, p: { TrailName: string }): Json {
  return selectorsShape(findTrail(ctx, p.TrailName));
}

/** The trail a tag call names. Tags are set by ARN; a name is not enough (CloudTrailARNInvalidException). */
export function taggedTrail(ctx: RequestContext, resourceId: string, mutating: boolean): TrailRecord {
  const m = TRAIL_ARN.exec(resourceId);
  if (!m) fail("CloudTrailARNInvalidException", `${resourceId} is not a valid trail ARN.`);
  const trail = m[3] === ctx.account ? accountState(ctx.state, ctx.account).trails[resourceId] : undefined;
  if (!trail || !visibleTrails(ctx).includes(trail)) {
    fail("ResourceNotFoundException", `Resource ${resourceId} does not exist.`);
  }
  return mutating ? homeOnly(ctx, trail) : trail;
}
