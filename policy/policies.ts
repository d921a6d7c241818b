import type {
  EnforcementLevel,
  Policies,
  PolicyComplianceFramework,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "./policy-types";
import { validate } from "../provider/validate";
import {
  TYPES,
  known,
  dashboardView,
  eventDataStoreView,
  trailEventSelectorsView,
  trailView,
  type Selectors,
  type TrailView,
} from "./resources";
import { isDefault, logsOwnDeliveries, managementCoverage, s3ObjectCoverage } from "./selectors";

export type * from "./policy-types";
export {
  TYPES as POLICY_RESOURCE_TYPES,
  dashboardView,
  eventDataStoreView,
  trailView,
  type DashboardView,
  type EventDataStoreView,
  type Flavour,
  type Selectors,
  type TrailView,
} from "./resources";

/** The stable name of each policy, as `--policy-pack-config` and violations spell it. */
export const POLICY_NAMES = {
  multiRegionTrail: "cloudtrail-cis-3-1-multi-region-trail",
  logFileValidation: "cloudtrail-cis-3-2-log-file-validation",
  kmsEncryption: "cloudtrail-cis-3-5-kms-encryption",
  s3ObjectWrites: "cloudtrail-cis-3-8-s3-object-write-events",
  s3ObjectReads: "cloudtrail-cis-3-9-s3-object-read-events",
  cloudWatchLogs: "cloudtrail-cloudwatch-logs-delivery",
  selectorsValid: "cloudtrail-selectors-valid",
  logBucketFeedbackLoop: "cloudtrail-log-bucket-feedback-loop",
  storeTerminationProtection: "cloudtrail-event-data-store-termination-protection",
  storeForcedDestroy: "cloudtrail-event-data-store-forced-destroy",
  dashboardTerminationProtection: "cloudtrail-dashboard-termination-protection",
} as const;

export type PolicyName = (typeof POLICY_NAMES)[keyof typeof POLICY_NAMES];

type Props = Record<string, unknown>;

/** A resource of the stack as AnalyzeStack gives it (a `PolicyResource` of @pulumi/policy fits). */
export interface StackResource {
  type: string;
  urn: string;
  name: string;
  props: Props;
  /** Resources each property's value came from, when the engine sends them. */
  propertyDependencies?: Record<string, { urn: string }[]>;
}

/** A trail with the selectors that apply to it, whichever resource carries them. */
export interface ResolvedTrail {
  urn: string;
  view: TrailView;
  selectors: Selectors;
  /** The resource that carries the selectors: the trail itself, or a TrailEventSelectors. */
  selectorsUrn: string;
}

/** A violation of a stack policy; without `urn` it belongs to the stack. */
export interface StackViolation {
  message: string;
  urn?: string;
}

// ---- Resource checks: one resource's type and properties in, violation messages out. ----

/** CIS 3.2: log file validation on (digest files prove that no log file was changed or removed). */
export function checkLogFileValidation(type: string, props: Props): string[] {
  const trail = trailView(type, props);
  if (!trail || trail.logFileValidation) return [];
  return [
    "log file validation is off: digest files are not delivered, so tampering with log files goes unnoticed",
  ];
}

/** CIS 3.5: log files encrypted with a customer-managed KMS key (SSE-KMS). */
export function checkKmsEncryption(type: string, props: Props): string[] {
  const trail = trailView(type, props);
  if (!trail) return [];
  if (!trail.kmsKeyId)
    return ["log files are encrypted with S3's own keys only, not a customer-managed KMS key"];
  if (/(^|:)alias\/aws\//.test(trail.kmsKeyId))
    return [`kmsKeyId ${trail.kmsKeyId} is an AWS-managed key; CIS 3.5 asks for a customer-managed key`];
  return [];
}

/** Events delivered to CloudWatch Logs, where CIS section 4's metric filters and alarms work. */
export function checkCloudWatchLogs(type: string, props: Props): string[] {
  const trail = trailView(type, props);
  if (!trail || (trail.cloudWatchLogsLogGroupArn && trail.cloudWatchLogsRoleArn)) return [];
  return [
    "events are not delivered to CloudWatch Logs: CIS section 4's metric filters need a log group (or a SIEM)",
  ];
}

/**
 * VALIDATION-1 for every flavour: this package's selector resources (Insights and aggregation
 * included) and the selectors that
 * pulumi-aws and aws-native trails carry inline, mapped to the same shape, pass `validate()`.
 */
export function checkSelectorsValid(type: string, props: Props): string[] {
  const { value, complete } = known(props);
  // Unknown values are judged when they are known: by the provider's check, or the analysis at `up`.
  if (!complete) return [];
  const plain = Object.fromEntries(Object.entries(value as Props).filter(([k]) => !k.startsWith("__")));
  if (type === TYPES.trailEventSelectors) return failures("TrailEventSelectors", plain);
  if (type === TYPES.trailInsightSelectors) return failures("TrailInsightSelectors", plain);
  if (type === TYPES.trailEventAggregation) return failures("TrailEventAggregation", plain);
  const trail = trailView(type, plain);
  if (!trail || trail.flavour === "pulumi-cloudtrail") return [];
  // The trail may be auto-named; the selectors' rules do not depend on the name.
  const ref = trail.name ?? "trail";
  const found = trail.selectors ? failures("TrailEventSelectors", { trail: ref, ...trail.selectors }) : [];
  const insights = Array.isArray(plain.insightSelectors) ? (plain.insightSelectors as Props[]) : [];
  if (insights.length > 0) {
    const insightTypes = insights.map((i) => i.insightType);
    found.push(...failures("TrailInsightSelectors", { trail: ref, insightTypes }));
  }
  return found;
}

/** Event data stores keep termination protection on (EDS-3; AWS's default). */
export function checkStoreTerminationProtection(type: string, props: Props): string[] {
  const store = eventDataStoreView(type, props);
  if (!store || store.terminationProtection) return [];
  return ["termination protection is off: a destroy or a replacement deletes the store and its events"];
}

/** A forced destroy of a protected store is an explicit opt-in that a reviewer should see. */
export function checkStoreForcedDestroy(type: string, props: Props): string[] {
  const store = eventDataStoreView(type, props);
  if (!store || !store.forceDestroy || !store.terminationProtection) return [];
  return ["forceDestroy is set on a protected store: a destroy or replacement will delete it and its events"];
}

/** Lake dashboards under termination protection (DASH-1; AWS's default is off). */
export function checkDashboardTerminationProtection(type: string, props: Props): string[] {
  const dashboard = dashboardView(type, props);
  if (!dashboard || dashboard.terminationProtection) return [];
  return ["termination protection is off: a destroy or a rename deletes the dashboard and its widgets"];
}

// ---- Stack checks: the stack's trails, each with the selectors that apply to it. ----

/**
 * Pairs each trail of the stack with its selectors: inline ones (pulumi-aws, aws-native), or the
 * TrailEventSelectors resources that name it (by the engine's property dependencies when sent,
 * else by name or ARN), or CloudTrail's default.
 */
export function resolveTrails(resources: StackResource[]): ResolvedTrail[] {
  const trails = resources.flatMap((r) => {
    const view = trailView(r.type, r.props);
    return view ? [{ urn: r.urn, view, selectors: view.selectors ?? {}, selectorsUrn: r.urn }] : [];
  });
  for (const r of resources.filter((x) => x.type === TYPES.trailEventSelectors)) {
    const { trail: ref, selectors } = trailEventSelectorsView(r.props);
    const deps = (r.propertyDependencies?.trail ?? []).map((d) => d.urn);
    const target =
      trails.find((t) => deps.includes(t.urn)) ??
      trails.find((t) => ref !== undefined && namesTrail(ref, t.view));
    if (target && target.view.flavour === "pulumi-cloudtrail") {
      target.selectors = selectors;
      target.selectorsUrn = r.urn;
    }
  }
  return trails;
}

/** CIS 3.1: at least one multi-region trail, logging, with read and write management events. */
export function checkMultiRegionTrail(trails: ResolvedTrail[]): StackViolation[] {
  const reasons = trails.map((t) => {
    const missing: string[] = [];
    if (!t.view.multiRegion) missing.push("is single-region");
    if (!t.view.logging) missing.push("is not logging");
    const m = managementCoverage(t.selectors);
    if (!m.read || !m.write)
      missing.push(`does not log ${m.read ? "write" : m.write ? "read" : "any"} management events`);
    return { t, missing };
  });
  if (reasons.some((r) => r.missing.length === 0)) return [];
  const detail = reasons.map((r) => `${label(r.t)} ${r.missing.join(", ")}`).join("; ");
  return [{ message: `no trail is multi-region, logging, with read and write management events: ${detail}` }];
}

/** CIS 3.8 (write) and 3.9 (read): a multi-region, logging trail logs S3 object events of all buckets. */
export function checkS3ObjectEvents(trails: ResolvedTrail[], half: "read" | "write"): StackViolation[] {
  const ok = trails.some(
    (t) => t.view.multiRegion && t.view.logging && s3ObjectCoverage(t.selectors, t.view.s3BucketName)[half],
  );
  if (ok) return [];
  const names = trails.map(label).join(", ");
  return [
    {
      message: `no multi-region, logging trail logs S3 object-level ${half} events of all buckets (trails: ${names})`,
    },
  ];
}

/** A trail that logs write data events of its own log bucket logs its own deliveries, forever. */
export function checkLogBucketFeedbackLoop(trails: ResolvedTrail[]): StackViolation[] {
  return trails
    .filter((t) => t.view.s3BucketName && !isDefault(t.selectors))
    .filter((t) => logsOwnDeliveries(t.selectors, t.view.s3BucketName!, t.view.s3KeyPrefix))
    .map((t) => ({
      urn: t.selectorsUrn,
      message:
        `${label(t)} logs S3 write data events of its own log bucket ${t.view.s3BucketName}: every log file ` +
        "it delivers is a PutObject event it logs again, a loop that grows without end",
    }));
}

// ---- The policies ----

const CIS: Omit<PolicyComplianceFramework, "reference"> = {
  name: "CIS AWS Foundations Benchmark",
  version: "3.0.0",
  specification: "Section 3, Logging",
};

/** One policy: its check (of one resource, or of the stack's trails) and what a reviewer reads. */
interface Definition extends Pick<ResourceValidationPolicy, "description" | "remediationSteps" | "severity"> {
  name: PolicyName;
  level: EnforcementLevel;
  /** The CIS AWS Foundations Benchmark v3.0.0 recommendation, where there is one. */
  cis?: string;
  resource?: (type: string, props: Props) => string[];
  stack?: (trails: ResolvedTrail[]) => StackViolation[];
}

const DEFINITIONS: Definition[] = [
  {
    name: POLICY_NAMES.multiRegionTrail,
    level: "mandatory",
    cis: "3.1",
    stack: checkMultiRegionTrail,
    description: "CIS 3.1: at least one multi-region trail is logging read and write management events.",
    remediationSteps:
      "Set isMultiRegionTrail: true and keep logging on; log management events with readWriteType All (or no readOnly condition).",
    severity: "high",
  },
  {
    name: POLICY_NAMES.logFileValidation,
    level: "mandatory",
    cis: "3.2",
    resource: checkLogFileValidation,
    description: "CIS 3.2: CloudTrail log file validation is on.",
    remediationSteps: "Set enableLogFileValidation: true on the trail.",
    severity: "medium",
  },
  {
    name: POLICY_NAMES.kmsEncryption,
    level: "advisory",
    cis: "3.5",
    resource: checkKmsEncryption,
    description: "CIS 3.5: CloudTrail log files are encrypted with a customer-managed KMS key.",
    remediationSteps:
      "Create a KMS key whose policy lets cloudtrail.amazonaws.com use it, and set kmsKeyId to its ARN or alias.",
    severity: "medium",
  },
  {
    name: POLICY_NAMES.s3ObjectWrites,
    level: "advisory",
    cis: "3.8",
    stack: (trails) => checkS3ObjectEvents(trails, "write"),
    description: "CIS 3.8: S3 object-level write events of all buckets are logged by a multi-region trail.",
    remediationSteps:
      'Add an advanced selector with eventCategory = Data, resources.type = AWS::S3::Object and readOnly = "false" (or no readOnly), excluding only the trail\'s own log bucket.',
    severity: "medium",
  },
  {
    name: POLICY_NAMES.s3ObjectReads,
    level: "advisory",
    cis: "3.9",
    stack: (trails) => checkS3ObjectEvents(trails, "read"),
    description: "CIS 3.9: S3 object-level read events of all buckets are logged by a multi-region trail.",
    remediationSteps:
      'Add an advanced selector with eventCategory = Data, resources.type = AWS::S3::Object and readOnly = "true" (or no readOnly).',
    severity: "medium",
  },
  {
    name: POLICY_NAMES.cloudWatchLogs,
    level: "advisory",
    resource: checkCloudWatchLogs,
    description: "Trail events are delivered to CloudWatch Logs, which CIS section 4's metric filters need.",
    remediationSteps:
      "Set cloudWatchLogsLogGroupArn (pulumi-aws: cloudWatchLogsGroupArn) and cloudWatchLogsRoleArn, or ship the logs to a SIEM and disable this policy.",
    severity: "low",
  },
  {
    name: POLICY_NAMES.selectorsValid,
    level: "mandatory",
    resource: checkSelectorsValid,
    description:
      "Event and insight selectors pass pulumi-cloudtrail's validate() (VALIDATION-1), whichever resource defines them.",
    remediationSteps:
      "Fix the property each message names; the rule id at its end is explained in the package's rules reference.",
    severity: "high",
  },
  {
    name: POLICY_NAMES.logBucketFeedbackLoop,
    level: "mandatory",
    stack: checkLogBucketFeedbackLoop,
    description:
      "No trail logs S3 write data events of its own log bucket (a feedback loop of PutObject events).",
    remediationSteps:
      'Use advanced selectors and exclude the log bucket: { field: "resources.ARN", notStartsWith: ["arn:aws:s3:::<log bucket>/"] }.',
    severity: "high",
  },
  {
    name: POLICY_NAMES.storeTerminationProtection,
    level: "advisory",
    resource: checkStoreTerminationProtection,
    description: "CloudTrail Lake event data stores keep termination protection on.",
    remediationSteps: "Remove terminationProtectionEnabled: false (AWS's default is on).",
    severity: "medium",
  },
  {
    name: POLICY_NAMES.storeForcedDestroy,
    level: "advisory",
    resource: checkStoreForcedDestroy,
    description: "A forced destroy of a protected event data store is flagged for review.",
    remediationSteps: "Remove forceDestroy unless deleting the store and its events is intended.",
    severity: "high",
  },
  {
    name: POLICY_NAMES.dashboardTerminationProtection,
    level: "advisory",
    resource: checkDashboardTerminationProtection,
    description: "CloudTrail Lake dashboards are kept under termination protection.",
    remediationSteps: "Set terminationProtectionEnabled: true (AWS's default is off).",
    severity: "low",
  },
];

/**
 * The CloudTrail policies, for `new PolicyPack(name, { policies })` or a pack of your own. Each
 * has a default enforcement level (CIS 3.1, 3.2, VALIDATION-1 and the feedback loop mandatory;
 * CIS 3.5, 3.8, 3.9, CloudWatch Logs and the store policies advisory); override any by name here
 * or with `--policy-pack-config`.
 */
export function cloudTrailPolicies(levels: Partial<Record<PolicyName, EnforcementLevel>> = {}): Policies {
  return DEFINITIONS.map(({ name, level, cis, resource, stack, ...details }) => {
    const common = {
      name,
      enforcementLevel: levels[name] ?? level,
      ...details,
      ...(cis ? { framework: { ...CIS, reference: cis } } : {}),
    };
    if (resource) {
      return {
        ...common,
        validateResource: (args, report) => {
          for (const message of resource(args.type, args.props)) report(message);
        },
      } satisfies ResourceValidationPolicy;
    }
    return {
      ...common,
      validateStack: (args, report) => {
        const trails = resolveTrails(args.resources);
        // The account's trails may live in another stack; judge only stacks that define one.
        if (trails.length === 0) args.notApplicable("the stack defines no CloudTrail trail");
        for (const v of stack!(trails)) report(v.message, v.urn);
      },
    } satisfies StackValidationPolicy;
  });
}

function failures(
  kind: "TrailEventSelectors" | "TrailInsightSelectors" | "TrailEventAggregation",
  inputs: Props,
): string[] {
  return validate(kind, inputs).failures.map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason));
}

function namesTrail(ref: string, trail: TrailView): boolean {
  return (
    (trail.name !== undefined && (ref === trail.name || ref.endsWith(`:trail/${trail.name}`))) ||
    (trail.arn !== undefined && ref === trail.arn)
  );
}

function label(t: ResolvedTrail): string {
  return `trail ${t.view.name ?? t.urn.split("::").pop()}`;
}
