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
  trailLogging: "cloudtrail-trail-logging",
  storeKmsEncryption: "cloudtrail-event-data-store-kms-encryption",
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

/** An AWS-managed key's alias (`alias/aws/<service>`), by name or ARN: not a customer-managed key. */
const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;

/** CIS 3.5 (v3-v5; 4.5 in v6-v7): log files encrypted with a customer-managed KMS key (SSE-KMS). */
export function checkKmsEncryption(type: string, props: Props): string[] {
  const trail = trailView(type, props);
  if (!trail) return [];
  if (!trail.kmsKeyId)
    return ["log files are encrypted with S3's own keys only, not a customer-managed KMS key"];
  if (AWS_MANAGED_ALIAS.test(trail.kmsKeyId))
    return [
      `kmsKeyId ${trail.kmsKeyId} is an AWS-managed key; CIS 3.5 / 4.5 asks for a customer-managed key`,
    ];
  return [];
}

/** Security Hub CloudTrail.10: an event data store's events encrypted with a customer-managed KMS key. */
export function checkStoreKmsEncryption(type: string, props: Props): string[] {
  const store = eventDataStoreView(type, props);
  if (!store) return [];
  if (!store.kmsKeyId)
    return ["the store's events are encrypted with a key CloudTrail owns, not a customer-managed KMS key"];
  if (AWS_MANAGED_ALIAS.test(store.kmsKeyId))
    return [
      `kmsKeyId ${store.kmsKeyId} is an AWS-managed key; CloudTrail.10 asks for a customer-managed key`,
    ];
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

/** Security Hub CloudTrail.3: at least one of the stack's trails is logging. */
export function checkTrailLogging(trails: ResolvedTrail[]): StackViolation[] {
  if (trails.some((t) => t.view.logging)) return [];
  return [
    {
      message: `no trail is logging: ${trails.map(label).join(", ")} ${trails.length === 1 ? "is" : "are"} stopped`,
    },
  ];
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

/**
 * The CIS AWS Foundations Benchmark's logging recommendations: section 3 in v3.0.0 to v5.0.0,
 * section 4 in v6.0.0 and v7.0.0 (the same recommendation under the same number within it), so a
 * policy names both and a team on either version finds its control.
 */
const CIS_SECTIONS = [
  { section: "3", versions: "v3.0.0-v5.0.0" },
  { section: "4", versions: "v6.0.0-v7.0.0" },
] as const;

/** The recommendation `3.n` as each version numbers it: ["3.n", "4.n"]. */
const cisNumbers = (recommendation: string) =>
  CIS_SECTIONS.map(({ section }) => recommendation.replace(/^3\./, `${section}.`));

/** The CIS framework of a policy, naming its recommendation in every version. */
function cisFramework(recommendation: string): PolicyComplianceFramework {
  const numbers = cisNumbers(recommendation);
  return {
    name: "CIS AWS Foundations Benchmark",
    version: "3.0.0-7.0.0",
    reference: CIS_SECTIONS.map(({ versions }, i) => `${numbers[i]} (${versions})`).join("; "),
    specification: CIS_SECTIONS.map(
      ({ section, versions }) => `section ${section}, Logging (${versions})`,
    ).join("; "),
  };
}

/** One policy: its check (of one resource, or of the stack's trails) and what a reviewer reads. */
interface Definition extends Pick<ResourceValidationPolicy, "remediationSteps" | "severity"> {
  name: PolicyName;
  level: EnforcementLevel;
  /** The CIS recommendation as v3.0.0-v5.0.0 number it (3.n; 4.n in v6.0.0-v7.0.0), where there is one. */
  cis?: string;
  /** The AWS Security Hub CSPM control, such as CloudTrail.1, where there is one. */
  securityHub?: string;
  /** What the policy checks; the description leads with the CIS and Security Hub controls. */
  checks: string;
  resource?: (type: string, props: Props) => string[];
  stack?: (trails: ResolvedTrail[]) => StackViolation[];
}

const DEFINITIONS: Definition[] = [
  {
    name: POLICY_NAMES.multiRegionTrail,
    level: "mandatory",
    cis: "3.1",
    securityHub: "CloudTrail.1",
    stack: checkMultiRegionTrail,
    checks: "at least one multi-region trail is logging read and write management events.",
    remediationSteps:
      "Set isMultiRegionTrail: true and keep logging on; log management events with readWriteType All (or no readOnly condition).",
    severity: "high",
  },
  {
    name: POLICY_NAMES.trailLogging,
    level: "mandatory",
    securityHub: "CloudTrail.3",
    stack: checkTrailLogging,
    checks: "at least one of the stack's trails is logging.",
    remediationSteps:
      "Keep logging on (pulumi-cloudtrail and pulumi-aws: enableLogging, default true; aws-native: isLogging: true).",
    severity: "high",
  },
  {
    name: POLICY_NAMES.logFileValidation,
    level: "mandatory",
    cis: "3.2",
    securityHub: "CloudTrail.4",
    resource: checkLogFileValidation,
    checks: "CloudTrail log file validation is on.",
    remediationSteps: "Set enableLogFileValidation: true on the trail.",
    severity: "medium",
  },
  {
    name: POLICY_NAMES.kmsEncryption,
    level: "advisory",
    cis: "3.5",
    securityHub: "CloudTrail.2",
    resource: checkKmsEncryption,
    checks: "CloudTrail log files are encrypted with a customer-managed KMS key.",
    remediationSteps:
      "Create a KMS key whose policy lets cloudtrail.amazonaws.com use it, and set kmsKeyId to its ARN or alias.",
    severity: "medium",
  },
  {
    name: POLICY_NAMES.s3ObjectWrites,
    level: "advisory",
    cis: "3.8",
    securityHub: "S3.22",
    stack: (trails) => checkS3ObjectEvents(trails, "write"),
    checks: "S3 object-level write events of all buckets are logged by a multi-region trail.",
    remediationSteps:
      'Add an advanced selector with eventCategory = Data, resources.type = AWS::S3::Object and readOnly = "false" (or no readOnly), excluding only the trail\'s own log bucket.',
    severity: "medium",
  },
  {
    name: POLICY_NAMES.s3ObjectReads,
    level: "advisory",
    cis: "3.9",
    securityHub: "S3.23",
    stack: (trails) => checkS3ObjectEvents(trails, "read"),
    checks: "S3 object-level read events of all buckets are logged by a multi-region trail.",
    remediationSteps:
      'Add an advanced selector with eventCategory = Data, resources.type = AWS::S3::Object and readOnly = "true" (or no readOnly).',
    severity: "medium",
  },
  {
    name: POLICY_NAMES.cloudWatchLogs,
    level: "advisory",
    securityHub: "CloudTrail.5",
    resource: checkCloudWatchLogs,
    checks:
      "trail events are delivered to CloudWatch Logs, which CIS's monitoring section's metric filters need.",
    remediationSteps:
      "Set cloudWatchLogsLogGroupArn (pulumi-aws: cloudWatchLogsGroupArn) and cloudWatchLogsRoleArn, or ship the logs to a SIEM and disable this policy.",
    severity: "low",
  },
  {
    name: POLICY_NAMES.selectorsValid,
    level: "mandatory",
    resource: checkSelectorsValid,
    checks:
      "event and insight selectors pass pulumi-cloudtrail's validate() (VALIDATION-1), whichever resource defines them.",
    remediationSteps:
      "Fix the property each message names; the rule id at its end is explained in the package's rules reference.",
    severity: "high",
  },
  {
    name: POLICY_NAMES.logBucketFeedbackLoop,
    level: "mandatory",
    stack: checkLogBucketFeedbackLoop,
    checks: "no trail logs S3 write data events of its own log bucket (a feedback loop of PutObject events).",
    remediationSteps:
      'Use advanced selectors and exclude the log bucket: { field: "resources.ARN", notStartsWith: ["arn:aws:s3:::<log bucket>/"] }.',
    severity: "high",
  },
  {
    name: POLICY_NAMES.storeTerminationProtection,
    level: "advisory",
    resource: checkStoreTerminationProtection,
    checks: "CloudTrail Lake event data stores keep termination protection on.",
    remediationSteps: "Remove terminationProtectionEnabled: false (AWS's default is on).",
    severity: "medium",
  },
  {
    name: POLICY_NAMES.storeForcedDestroy,
    level: "advisory",
    resource: checkStoreForcedDestroy,
    checks: "a forced destroy of a protected event data store is flagged for review.",
    remediationSteps: "Remove forceDestroy unless deleting the store and its events is intended.",
    severity: "high",
  },
  {
    name: POLICY_NAMES.storeKmsEncryption,
    level: "advisory",
    securityHub: "CloudTrail.10",
    resource: checkStoreKmsEncryption,
    checks: "CloudTrail Lake event data stores are encrypted with a customer-managed KMS key.",
    remediationSteps:
      "Create a KMS key whose policy lets cloudtrail.amazonaws.com use it and set the store's kmsKeyId; a store's key cannot be removed once set (EDS-12).",
    severity: "medium",
  },
  {
    name: POLICY_NAMES.dashboardTerminationProtection,
    level: "advisory",
    resource: checkDashboardTerminationProtection,
    checks: "CloudTrail Lake dashboards are kept under termination protection.",
    remediationSteps: "Set terminationProtectionEnabled: true (AWS's default is off).",
    severity: "low",
  },
];

/** "CIS 3.1 (v3.0.0-v5.0.0) / 4.1 (v6.0.0-v7.0.0), Security Hub CloudTrail.1: <checks>". */
function describeControls({ cis, securityHub, checks }: Definition): string {
  const controls = [
    cis
      ? `CIS ${cisNumbers(cis)
          .map((n, i) => `${n} (${CIS_SECTIONS[i].versions})`)
          .join(" / ")}`
      : undefined,
    securityHub ? `Security Hub ${securityHub}` : undefined,
  ].filter((c) => c !== undefined);
  const sentence = checks.charAt(0).toUpperCase() + checks.slice(1);
  return controls.length > 0 ? `${controls.join(", ")}: ${checks}` : sentence;
}

/**
 * The CloudTrail policies, for `new PolicyPack(name, { policies })` or a pack of your own. Each
 * has a default enforcement level (CIS 3.1 and 3.2 (4.1 and 4.2 in CIS v6-v7), Security Hub
 * CloudTrail.3, VALIDATION-1 and the feedback loop mandatory; CIS 3.5, 3.8, 3.9 (4.5, 4.8, 4.9),
 * CloudWatch Logs and the store policies, CloudTrail.10 among them, advisory); override any by
 * name here or with `--policy-pack-config`.
 */
export function cloudTrailPolicies(levels: Partial<Record<PolicyName, EnforcementLevel>> = {}): Policies {
  return DEFINITIONS.map((definition) => {
    const { name, level, cis, resource, stack, remediationSteps, severity } = definition;
    const common = {
      name,
      enforcementLevel: levels[name] ?? level,
      description: describeControls(definition),
      remediationSteps,
      severity,
      ...(cis ? { framework: cisFramework(cis) } : {}),
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
