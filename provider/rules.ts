import { createHash } from "node:crypto";
import { closest, distance } from "fastest-levenshtein";
import type { CheckFailure, Kind } from "./validation-types";

// The rules JSON Schema cannot state: sums across lists, rules that depend on a sibling's value,
// and VALIDATION-2's warnings. Each is a pure function over plain input, with the same failure form.

type Json = Record<string, unknown>;
type Findings = { failures: CheckFailure[]; warnings: CheckFailure[] };

export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === "string");

/** The operators of an advanced field selector. */
export const OPERATORS = [
  "equals",
  "startsWith",
  "endsWith",
  "notEquals",
  "notStartsWith",
  "notEndsWith",
] as const;

/** Fields an advanced selector may use, per event category (AES-3, AES-7, AES-8). */
export const FIELDS_BY_CATEGORY: Record<string, string[]> = {
  Management: ["eventCategory", "readOnly", "eventSource"],
  Data: [
    "eventCategory",
    "readOnly",
    "eventName",
    "resources.type",
    "resources.ARN",
    "eventType",
    "sessionCredentialFromConsole",
    "userIdentity.arn",
  ],
  NetworkActivity: ["eventCategory", "eventSource", "eventName", "errorCode", "vpcEndpointId"],
};
const KNOWN_FIELDS = [...new Set(Object.values(FIELDS_BY_CATEGORY).flat())];

/**
 * The field of `among` (every known field by default) an unknown one is a near miss of: the same
 * but for case, or one or two edits away (`eventname`, `readonly`, `resource.ARN`). A name
 * further from every one looks new.
 */
export function likelyField(field: string, among: readonly string[] = KNOWN_FIELDS): string | undefined {
  const lower = field.toLowerCase();
  const lowered = among.map((f) => f.toLowerCase());
  const nearest = closest(lower, lowered);
  return distance(lower, nearest) <= 2 ? among[lowered.indexOf(nearest)] : undefined;
}

/** resources.type values this package knows (the seed's list, AES-5); others are VALIDATION-2 warnings. */
export const KNOWN_RESOURCE_TYPES = [
  "AWS::S3::Object",
  "AWS::Lambda::Function",
  "AWS::DynamoDB::Table",
  "AWS::S3Outposts::Object",
  "AWS::ManagedBlockchain::Node",
  "AWS::S3ObjectLambda::AccessPoint",
  "AWS::EC2::Snapshot",
  "AWS::S3::AccessPoint",
  "AWS::DynamoDB::Stream",
  "AWS::Glue::Table",
];

const PART = "arn:aws[a-z-]*";
const REGION = "[a-z0-9-]+";
const ACCOUNT = "\\d{12}";
/** AES-6: the ARN formats of seed 002 (create_event_data_store), per resources.type. */
export const ARN_FORMATS: Record<string, { pattern: RegExp; example: string }> = {
  "AWS::S3::Object": {
    pattern: new RegExp(`^${PART}:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.*$`),
    example: "arn:aws:s3:::<bucket>/<object_path>",
  },
  "AWS::S3::AccessPoint": {
    pattern: new RegExp(`^${PART}:s3:${REGION}:${ACCOUNT}:accesspoint/[^/]+(/object/.*)?$`),
    example: "arn:aws:s3:<region>:<account>:accesspoint/<name>",
  },
  "AWS::Lambda::Function": {
    pattern: new RegExp(`^${PART}:lambda:${REGION}:${ACCOUNT}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$`),
    example: "arn:aws:lambda:<region>:<account>:function:<name>",
  },
  "AWS::DynamoDB::Table": {
    pattern: new RegExp(`^${PART}:dynamodb:${REGION}:${ACCOUNT}:table/[A-Za-z0-9_.-]+$`),
    example: "arn:aws:dynamodb:<region>:<account>:table/<name>",
  },
  "AWS::S3Outposts::Object": {
    pattern: new RegExp(`^${PART}:s3-outposts:${REGION}:${ACCOUNT}:.+$`),
    example: "arn:aws:s3-outposts:<region>:<account>:<object_path>",
  },
  "AWS::ManagedBlockchain::Node": {
    pattern: new RegExp(`^${PART}:managedblockchain:${REGION}:${ACCOUNT}:nodes/.+$`),
    example: "arn:aws:managedblockchain:<region>:<account>:nodes/<node_id>",
  },
  "AWS::S3ObjectLambda::AccessPoint": {
    pattern: new RegExp(`^${PART}:s3-object-lambda:${REGION}:${ACCOUNT}:accesspoint/.+$`),
    example: "arn:aws:s3-object-lambda:<region>:<account>:accesspoint/<name>",
  },
  "AWS::EC2::Snapshot": {
    pattern: new RegExp(`^${PART}:ec2:${REGION}::snapshot/.+$`),
    example: "arn:aws:ec2:<region>::snapshot/<snapshot_id>",
  },
  "AWS::DynamoDB::Stream": {
    pattern: new RegExp(`^${PART}:dynamodb:${REGION}:${ACCOUNT}:table/[A-Za-z0-9_.-]+/stream/.+$`),
    example: "arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<date_time>",
  },
  "AWS::Glue::Table": {
    pattern: new RegExp(`^${PART}:glue:${REGION}:${ACCOUNT}:table/[^/]+/[^/]+$`),
    example: "arn:aws:glue:<region>:<account>:table/<database>/<table>",
  },
};

/** The cross-field rules of one kind. */
export function crossFieldRules(kind: Kind, inputs: unknown): Findings {
  const found: Findings = { failures: [], warnings: [] };
  if (!isObject(inputs)) return found;
  switch (kind) {
    case "TrailEventSelectors":
      found.failures.push(...basicSelectorTotals(inputs.eventSelectors));
      mergeInto(found, advancedSelectorRules(inputs.advancedEventSelectors, { maxValues: 500 }));
      break;
    case "EventDataStore":
      mergeInto(found, advancedSelectorRules(inputs.advancedEventSelectors, {}));
      found.failures.push(...resourcePolicyRules(inputs.resourcePolicy));
      found.failures.push(...eventConfigurationRules(inputs));
      found.failures.push(...ingestionRules(inputs));
      break;
    case "Channel":
      found.failures.push(...resourcePolicyRules(inputs.resourcePolicy));
      break;
    case "Dashboard":
      found.failures.push(...dashboardRules(inputs));
      found.failures.push(...resourcePolicyRules(inputs.resourcePolicy));
      found.warnings.push(...scheduledRefreshWarnings(inputs));
      break;
    case "LakeImport":
      found.failures.push(...importTimeRange(inputs.startEventTime, inputs.endEventTime));
      break;
    case "AuditEvents":
      found.failures.push(...auditEventRules(inputs.auditEvents));
      break;
    case "LookupEvents":
      found.failures.push(...lookupTimeRange(inputs.startTime, inputs.endTime));
      break;
    case "ValidateLogs":
      found.failures.push(...validationTimeRange(inputs.startTime, inputs.endTime));
      break;
    case "AthenaTrailTable":
      found.failures.push(...athenaAccounts(inputs));
      break;
    case "TrailInsightSelectors":
      found.failures.push(...insightCategoriesRules(inputs.insightTypes, inputs.eventCategories));
      break;
    case "InsightsMetricData":
      found.failures.push(...timeRange(inputs.startTime, inputs.endTime, "INS-7"));
      break;
    case "InsightsData":
      found.failures.push(...timeRange(inputs.startTime, inputs.endTime, "INS-9"));
      break;
    default:
      break;
  }
  return found;
}

/**
 * A resource policy, given as a document or its JSON text, must be a JSON object with statements
 * that each have an Effect and a Principal: what PutResourcePolicy refuses
 * (ResourcePolicyNotValidException), found before any call.
 */
export function resourcePolicyRules(policy: unknown): CheckFailure[] {
  if (policy === undefined || (typeof policy !== "string" && !isObject(policy))) return [];
  const fail = (reason: string): CheckFailure[] => [{ property: "resourcePolicy", reason }];
  let doc: unknown = policy;
  if (typeof policy === "string") {
    try {
      doc = JSON.parse(policy);
    } catch (err) {
      return fail(
        `is not valid JSON (${(err as Error).message}); give the policy document as an object or as its JSON text`,
      );
    }
  }
  if (!isObject(doc)) return fail(`must be a policy document (a JSON object); got ${JSON.stringify(doc)}`);
  const statements = Array.isArray(doc.Statement)
    ? doc.Statement
    : isObject(doc.Statement)
      ? [doc.Statement]
      : [];
  if (statements.length === 0)
    return fail("needs a Statement: a statement object or a non-empty list of them");
  return statements.flatMap((s, i) => {
    if (!isObject(s)) return fail(`Statement[${i}] must be an object`);
    const missing = ["Effect", "Principal"].filter((k) => s[k] === undefined);
    if (s.Effect !== undefined && s.Effect !== "Allow" && s.Effect !== "Deny")
      return fail(`Statement[${i}].Effect is Allow or Deny; got ${JSON.stringify(s.Effect)}`);
    return missing.length > 0
      ? fail(`Statement[${i}] needs ${missing.join(" and ")}: a resource policy says who may do what`)
      : [];
  });
}

/** DASH-1: the one dashboard CloudTrail manages that a program may create. */
export const HIGHLIGHTS_DASHBOARD = "AWSCloudTrail-Highlights";

/** DASH-4: the frequencies a custom dashboard's schedule takes, by unit. */
const REFRESH_VALUES: Record<string, number[]> = { HOURS: [1, 6, 12, 24], DAYS: [1] };

/**
 * DASH-3: how many `?` placeholders a statement has: `'?'` and a bare `?` count, a `?` inside
 * another string literal does not.
 */
export function placeholderCount(statement: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < statement.length; i++) {
    if (!inString && statement.startsWith("'?'", i)) {
      count++;
      i += 2;
    } else if (statement[i] === "'") inString = !inString;
    else if (statement[i] === "?" && !inString) count++;
  }
  return count;
}

/** A dashboard's rules beyond its schema: placeholders (DASH-3), frequencies (DASH-4), Highlights (DASH-1). */
function dashboardRules(inputs: Json): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const widgets = list(inputs.widgets);
  widgets.forEach((w, i) => {
    if (!isObject(w) || typeof w.queryStatement !== "string") return;
    const count = placeholderCount(w.queryStatement);
    const params = list(w.queryParameters).length;
    if (count !== params)
      failures.push({
        property: `widgets[${i}].queryParameters`,
        reason: `the statement has ${count} '?' placeholder(s) but ${params} query parameter(s); give one parameter per '?', in order (DASH-3)`,
      });
  });
  const schedule = isObject(inputs.refreshSchedule) ? inputs.refreshSchedule : undefined;
  const frequency = schedule && isObject(schedule.frequency) ? schedule.frequency : undefined;
  const highlights = inputs.name === HIGHLIGHTS_DASHBOARD;
  if (frequency && typeof frequency.unit === "string" && typeof frequency.value === "number") {
    const allowed = highlights
      ? frequency.unit === "HOURS"
        ? [6]
        : []
      : (REFRESH_VALUES[frequency.unit] ?? []);
    if (!allowed.includes(frequency.value))
      failures.push({
        property: "refreshSchedule.frequency.value",
        reason: highlights
          ? `the Highlights dashboard refreshes every 6 HOURS; got ${frequency.value} ${frequency.unit} (DASH-4)`
          : `${frequency.unit} takes ${(REFRESH_VALUES[frequency.unit] ?? []).join(", ")}; got ${frequency.value} (DASH-4)`,
      });
  }
  if (typeof inputs.name === "string" && inputs.name.startsWith("AWSCloudTrail-") && !highlights)
    failures.push({
      property: "name",
      reason: `the prefix AWSCloudTrail- is CloudTrail's own; only ${HIGHLIGHTS_DASHBOARD} may be created (DASH-1)`,
    });
  if (highlights) {
    if (widgets.length > 0)
      failures.push({
        property: "widgets",
        reason: "the Highlights dashboard's widgets are CloudTrail's; leave widgets out (DASH-1)",
      });
    if (!schedule || schedule.status === "DISABLED")
      failures.push({
        property: "refreshSchedule",
        reason: "the Highlights dashboard needs an ENABLED schedule of every 6 HOURS (DASH-4)",
      });
  }
  return failures;
}

/**
 * DASH-5, a warning: a schedule that is on runs only while the policy lets CloudTrail call
 * StartDashboardRefresh (an Allow statement for cloudtrail.amazonaws.com with that action).
 */
function scheduledRefreshWarnings(inputs: Json): CheckFailure[] {
  const schedule = isObject(inputs.refreshSchedule) ? inputs.refreshSchedule : undefined;
  if (!schedule || schedule.status === "DISABLED" || allowsScheduledRefresh(inputs.resourcePolicy)) return [];
  return [
    {
      property: "resourcePolicy",
      reason:
        "the refresh schedule runs only once the dashboard's policy lets cloudtrail.amazonaws.com call " +
        "cloudtrail:StartDashboardRefresh; declare such a statement, or the scheduled refreshes fail (DASH-5)",
    },
  ];
}

function allowsScheduledRefresh(policy: unknown): boolean {
  let doc: unknown = policy;
  if (typeof policy === "string") {
    try {
      doc = JSON.parse(policy);
    } catch {
      return false;
    }
  }
  if (!isObject(doc)) return false;
  const all = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
  return all(doc.Statement).some((st) => {
    if (!isObject(st) || st.Effect !== "Allow") return false;
    const p = st.Principal;
    const service = p === "*" || (isObject(p) && all(p.Service).includes("cloudtrail.amazonaws.com"));
    return (
      service &&
      all(st.Action).some((a) =>
        ["*", "cloudtrail:*", "cloudtrail:StartDashboardRefresh"].includes(String(a)),
      )
    );
  });
}

/** CloudTrail's own event categories: the only stores with an event configuration (EDS-13). */
const CLOUDTRAIL_CATEGORIES = ["Management", "Data", "NetworkActivity"];

/** The event categories a store's selectors name (its kind, EDS-13). */
function storeCategories(inputs: Json): string[] {
  return list(inputs.advancedEventSelectors).flatMap((s) =>
    isObject(s)
      ? list(s.fieldSelectors).flatMap((f) =>
          isObject(f) && f.field === "eventCategory" ? strings(f.equals) : [],
        )
      : [],
  );
}

/**
 * PutEventConfiguration's rules: context key selectors need maxEventSize Large, and only a store
 * of CloudTrail events (not ActivityAuditLog, Insight, ConfigurationItem) has an event configuration.
 */
export function eventConfigurationRules(inputs: Json): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const selectors = list(inputs.contextKeySelectors);
  if (selectors.length > 0 && inputs.maxEventSize !== "Large")
    failures.push({
      property: "maxEventSize",
      reason: `must be "Large" with contextKeySelectors (PutEventConfiguration); got ${JSON.stringify(inputs.maxEventSize ?? "Standard (the default)")}`,
    });
  const other = storeCategories(inputs).find((c) => !CLOUDTRAIL_CATEGORIES.includes(c));
  for (const property of ["maxEventSize", "contextKeySelectors"])
    if (other !== undefined && inputs[property] !== undefined)
      failures.push({
        property,
        reason: `applies to stores of CloudTrail events only; this store collects ${other} (EDS-13), so leave it out`,
      });
  return failures;
}

/**
 * EDS-9: Start/StopEventDataStoreIngestion take stores of CloudTrail events and of
 * ConfigurationItem only, so a store of ActivityAuditLog or Insight events always ingests.
 */
export function ingestionRules(inputs: Json): CheckFailure[] {
  const other = storeCategories(inputs).find((c) => c === "ActivityAuditLog" || c === "Insight");
  if (inputs.ingestionEnabled !== false || other === undefined) return [];
  return [
    {
      property: "ingestionEnabled",
      reason: `cannot be false on a store of ${other} events: only stores of CloudTrail events or ConfigurationItem stop ingesting (EDS-9)`,
    },
  ];
}

function mergeInto(into: Findings, from: Findings): void {
  into.failures.push(...from.failures);
  into.warnings.push(...from.warnings);
}

/** ES-2: at most 250 data resource values across all basic selectors of a trail. */
export function basicSelectorTotals(selectors: unknown): CheckFailure[] {
  const total = list(selectors)
    .filter(isObject)
    .flatMap((s) => list(s.dataResources).filter(isObject))
    .reduce((n, dr) => n + list(dr.values).length, 0);
  return total > 250
    ? [
        {
          property: "eventSelectors",
          reason: `A trail takes at most 250 data resource values across its selectors; these have ${total} (ES-2)`,
        },
      ]
    : [];
}

/**
 * AES-1 (one condition per field), AES-3 (eventCategory required; fields per category), AES-5
 * (resources.type required for Data), AES-6 (ARN formats), AES-7 (eventSource), AES-9 (total
 * values), and VALIDATION-2 warnings for unknown fields and resource types.
 */
export function advancedSelectorRules(selectors: unknown, opts: { maxValues?: number }): Findings {
  const found: Findings = { failures: [], warnings: [] };
  let total = 0;
  list(selectors).forEach((selector, i) => {
    if (isObject(selector)) total += selectorRules(selector, `advancedEventSelectors[${i}]`, found);
  });
  if (opts.maxValues !== undefined && total > opts.maxValues) {
    found.failures.push({
      property: "advancedEventSelectors",
      reason: `A trail's advanced selectors take at most ${opts.maxValues} values in all; these have ${total} (AES-9)`,
    });
  }
  return found;
}

/** One advanced selector's rules (see advancedSelectorRules); returns how many values it has (AES-9). */
function selectorRules(selector: Json, at: string, found: Findings): number {
  const fail = (property: string, reason: string) => found.failures.push({ property, reason });
  const fieldSelectors = list(selector.fieldSelectors);
  const byField = new Map<string, Json>();
  let total = 0;
  fieldSelectors.forEach((fs, j) => {
    if (!isObject(fs) || typeof fs.field !== "string") return;
    for (const op of OPERATORS) total += list(fs[op]).length;
    if (byField.has(fs.field))
      fail(
        `${at}.fieldSelectors[${j}].field`,
        `Field ${fs.field} appears twice in one selector; put all its values in one condition (AES-1)`,
      );
    byField.set(fs.field, fs);
  });
  if (fieldSelectors.length === 0) return total;
  if (!byField.has("eventCategory")) {
    fail(
      `${at}.fieldSelectors`,
      `Every selector needs an eventCategory field selector with equals, such as ["Data"] (AES-3)`,
    );
    return total;
  }
  const categoryValues = strings(byField.get("eventCategory")?.equals);
  const category = categoryValues.length === 1 ? categoryValues[0] : undefined;
  fieldSelectors.forEach((fs, j) => {
    if (isObject(fs) && typeof fs.field === "string")
      fieldRules(fs, fs.field, { category, byField, where: `${at}.fieldSelectors[${j}]` }, found);
  });
  if (category === "Data" && !byField.has("resources.type")) {
    fail(
      `${at}.fieldSelectors`,
      `A Data selector needs a resources.type field selector, such as equals ["AWS::S3::Object"] (AES-5)`,
    );
  }
  if (category === "NetworkActivity" && !byField.has("eventSource")) {
    fail(
      `${at}.fieldSelectors`,
      `A NetworkActivity selector needs an eventSource field selector with equals (AES-7)`,
    );
  }
  return total;
}

/** What a field selector is judged with: its selector's category, its selector's fields, its path. */
interface FieldContext {
  category: string | undefined;
  byField: Map<string, Json>;
  where: string;
}

/** One field selector's rules: a known field (VALIDATION-2), allowed for the category (AES-3), and per field. */
function fieldRules(fs: Json, field: string, ctx: FieldContext, found: Findings): void {
  const { category, where } = ctx;
  const fail = (property: string, reason: string) => found.failures.push({ property, reason });
  const allowed = category ? FIELDS_BY_CATEGORY[category] : undefined;
  if (!KNOWN_FIELDS.includes(field)) return unknownFieldRule(field, ctx, found);
  if (allowed && !allowed.includes(field)) {
    fail(
      `${where}.field`,
      `Field ${field} cannot be used with ${category} events; they take ${allowed.join(", ")} (AES-3)`,
    );
  }
  if (field === "eventSource") eventSourceRule(fs, category, where, fail);
  if (field === "resources.type") {
    for (const type of strings(fs.equals)) {
      if (/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(type) && !KNOWN_RESOURCE_TYPES.includes(type)) {
        found.warnings.push({
          property: `${where}.equals`,
          reason: `resources.type ${type} is not one this package knows; AWS may have added it since (VALIDATION-2)`,
        });
      }
    }
  }
  if (field === "resources.ARN") arnFormatRule(fs, ctx, fail);
}

/**
 * A field this package does not know: a near miss of a field the category takes is a mistake; one
 * of a field the category does not take is refused (AES-3); anything else a warning (VALIDATION-2).
 */
function unknownFieldRule(field: string, { category, where }: FieldContext, found: Findings): void {
  const allowed = category ? FIELDS_BY_CATEGORY[category] : undefined;
  // Suggest only a field the selector's category takes (AES-3): another would be refused next.
  const likely = likelyField(field, allowed ?? KNOWN_FIELDS);
  if (likely) {
    found.failures.push({
      property: `${where}.field`,
      reason: `Field ${field} is not a known field; did you mean ${likely}? (VALIDATION-2: a near miss of a known field is a mistake, not a new field)`,
    });
    return;
  }
  const elsewhere = likelyField(field);
  if (elsewhere && allowed) {
    found.failures.push({
      property: `${where}.field`,
      reason: `Field ${field} is not a known field, and ${elsewhere}, which it resembles, cannot be used with ${category} events; they take ${allowed.join(", ")} (AES-3)`,
    });
    return;
  }
  found.warnings.push({
    property: `${where}.field`,
    reason: `Field ${field} is not one this package knows; AWS may reject it (VALIDATION-2)`,
  });
}

/** AES-6: with equals or notEquals, resources.ARN is a full ARN of the selector's resources.type. */
function arnFormatRule(
  fs: Json,
  { byField, where }: FieldContext,
  fail: (property: string, reason: string) => void,
): void {
  const format = ARN_FORMATS[strings(byField.get("resources.type")?.equals)[0] ?? ""];
  if (!format) return;
  for (const op of ["equals", "notEquals"] as const) {
    for (const value of strings(fs[op])) {
      if (!format.pattern.test(value)) {
        fail(
          `${where}.${op}`,
          `With ${op}, resources.ARN must be a full ARN such as ${format.example}; got "${value}" (use startsWith for a prefix) (AES-6)`,
        );
      }
    }
  }
}

function eventSourceRule(
  fs: Json,
  category: string | undefined,
  where: string,
  fail: (p: string, r: string) => void,
): void {
  const used = OPERATORS.filter((op) => fs[op] !== undefined);
  if (category === "Management") {
    const ok =
      used.every((op) => op === "notEquals") &&
      strings(fs.notEquals).every((v) => v === "kms.amazonaws.com" || v === "rdsdata.amazonaws.com");
    if (!ok)
      fail(
        where,
        `For management events, eventSource takes only notEquals with kms.amazonaws.com or rdsdata.amazonaws.com (AES-7)`,
      );
  } else if (category === "NetworkActivity" && used.some((op) => op !== "equals")) {
    fail(where, `For NetworkActivity events, eventSource takes only equals (AES-7)`);
  }
}

/** IMP-2: StartEventTime not after EndEventTime. */
export function importTimeRange(start: unknown, end: unknown): CheckFailure[] {
  if (typeof start !== "string" || typeof end !== "string") return [];
  const s = Date.parse(start);
  const e = Date.parse(end);
  return Number.isFinite(s) && Number.isFinite(e) && s > e
    ? [{ property: "startEventTime", reason: `startEventTime ${start} is after endEventTime ${end} (IMP-2)` }]
    : [];
}

/** LOOK-1: startTime not after endTime. */
export function lookupTimeRange(start: unknown, end: unknown): CheckFailure[] {
  return timeRange(start, end, "LOOK-1");
}

/** startTime not after endTime, for the function arguments that take a range (LOOK-1, INS-7, INS-9). */
export function timeRange(start: unknown, end: unknown, rule: string): CheckFailure[] {
  if (typeof start !== "string" || typeof end !== "string") return [];
  return Date.parse(start) > Date.parse(end)
    ? [{ property: "startTime", reason: `startTime ${start} is after endTime ${end} (${rule})` }]
    : [];
}

/** INS-4: event categories are given only for the insight types the resource enables. */
export function insightCategoriesRules(types: unknown, categories: unknown): CheckFailure[] {
  if (!Array.isArray(types) || !isObject(categories)) return [];
  return Object.keys(categories)
    .filter((type) => !types.includes(type))
    .map((type) => ({
      property: `eventCategories.${type}`,
      reason: `${type} is not in insightTypes; give event categories only for the insight types enabled (INS-4)`,
    }));
}

/** validateLogs' range: start before end, as the AWS CLI's validate-logs requires. */
export function validationTimeRange(start: unknown, end: unknown): CheckFailure[] {
  if (typeof start !== "string" || typeof end !== "string") return [];
  return Date.parse(start) > Date.parse(end)
    ? [
        {
          property: "startTime",
          reason: `startTime ${start} is after endTime ${end}; give a range that starts first`,
        },
      ]
    : [];
}

/** An Athena table reads one account's folder, or an organization's member accounts: never both, never neither. */
export function athenaAccounts(inputs: Record<string, unknown>): CheckFailure[] {
  const organization = inputs.organizationId !== undefined;
  if (organization && inputs.accountIds === undefined)
    return [
      {
        property: "accountIds",
        reason: "an organization trail's table needs accountIds, its member accounts",
      },
    ];
  if (organization && inputs.accountId !== undefined)
    return [
      { property: "accountId", reason: "an organization trail's table takes accountIds, not accountId" },
    ];
  if (!organization && inputs.accountId === undefined)
    return [
      {
        property: "accountId",
        reason: "is required: the account whose logs the table reads (or organizationId and accountIds)",
      },
    ];
  if (!organization && inputs.accountIds !== undefined)
    return [
      {
        property: "accountIds",
        reason: "needs organizationId: only an organization trail's table projects accounts",
      },
    ];
  return [];
}

/** AUD-1 (1 MB per request), AUD-2 (unique ids), AUD-3 (checksums match eventData). */
export function auditEventRules(events: unknown): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const seen = new Map<string, number>();
  let bytes = 0;
  list(events).forEach((event, i) => {
    if (!isObject(event)) return;
    if (typeof event.eventData === "string") bytes += Buffer.byteLength(event.eventData);
    if (typeof event.id === "string") {
      const first = seen.get(event.id);
      if (first !== undefined)
        failures.push({
          property: `auditEvents[${i}].id`,
          reason: `Id ${event.id} is also the id of auditEvents[${first}]; ids are unique in a request (AUD-2)`,
        });
      else seen.set(event.id, i);
    }
    if (typeof event.eventDataChecksum === "string" && typeof event.eventData === "string") {
      const digest = createHash("sha256").update(event.eventData).digest("base64");
      if (digest !== event.eventDataChecksum) {
        failures.push({
          property: `auditEvents[${i}].eventDataChecksum`,
          reason: `The checksum does not match eventData; expected ${digest} (AUD-3)`,
        });
      }
    }
  });
  if (bytes > 1024 * 1024)
    failures.push({
      property: "auditEvents",
      reason: `The events' data is ${bytes} bytes; a request carries at most 1 MB (AUD-1)`,
    });
  return failures;
}
