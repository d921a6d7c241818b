import { fail } from "../errors";

// The emulator's own statement of the selector rules (RULES.md ES-*, AES-*, INS-*), written
// independently of schema.json so that the two can be tested against each other.

export type DataResource = { Type?: string; Values?: string[] };
export type EventSelector = {
  ReadWriteType?: string;
  IncludeManagementEvents?: boolean;
  DataResources?: DataResource[];
  ExcludeManagementEventSources?: string[];
};
export type FieldSelector = {
  Field: string;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
};
export type AdvancedEventSelector = { Name?: string; FieldSelectors: FieldSelector[] };
export type InsightSelector = { InsightType?: string; EventCategories?: string[] };

/** What a trail or store logs, as the Insights rules (INS-3, INS-5) and aggregation (AGG-3) ask. */
export type Logging = { managementRead: boolean; managementWrite: boolean; data: boolean };

export const OPERATORS = [
  "Equals",
  "StartsWith",
  "EndsWith",
  "NotEquals",
  "NotStartsWith",
  "NotEndsWith",
] as const;
type Operator = (typeof OPERATORS)[number];

const invalid = (message: string): never => fail("InvalidEventSelectorsException", message);

/** Resource types of the seed's API (AES-5); the emulator can be told of more (VALIDATION-2). */
export const SEED_RESOURCE_TYPES = [
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

const P = "arn:aws[a-z-]*";
const R = "[a-z0-9-]+";
const A = "\\d{12}";
/** AES-6: the ARN a resources.ARN Equals/NotEquals value must have, per resources.type (seed 002). */
const ARN_FORMATS: Record<string, RegExp> = {
  "AWS::S3::Object": new RegExp(`^${P}:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.*$`),
  "AWS::S3::AccessPoint": new RegExp(`^${P}:s3:${R}:${A}:accesspoint/[^/]+(/object/.*)?$`),
  "AWS::Lambda::Function": new RegExp(`^${P}:lambda:${R}:${A}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$`),
  "AWS::DynamoDB::Table": new RegExp(`^${P}:dynamodb:${R}:${A}:table/[A-Za-z0-9_.-]+$`),
  "AWS::S3Outposts::Object": new RegExp(`^${P}:s3-outposts:${R}:${A}:.+$`),
  "AWS::ManagedBlockchain::Node": new RegExp(`^${P}:managedblockchain:${R}:${A}:nodes/.+$`),
  "AWS::S3ObjectLambda::AccessPoint": new RegExp(`^${P}:s3-object-lambda:${R}:${A}:accesspoint/.+$`),
  "AWS::EC2::Snapshot": new RegExp(`^${P}:ec2:${R}::snapshot/.+$`),
  "AWS::DynamoDB::Stream": new RegExp(`^${P}:dynamodb:${R}:${A}:table/[A-Za-z0-9_.-]+/stream/.+$`),
  "AWS::Glue::Table": new RegExp(`^${P}:glue:${R}:${A}:table/[^/]+/[^/]+$`),
};

/** ES-7: exactly one of the two kinds in one PutEventSelectors request. */
export function checkSelectorKinds(basic: unknown, advanced: unknown): void {
  if (basic !== undefined && advanced !== undefined) {
    invalid("EventSelectors and AdvancedEventSelectors cannot both be specified. (ES-7)");
  }
  if (basic === undefined && advanced === undefined) {
    invalid("Specify either EventSelectors or AdvancedEventSelectors. (ES-7)");
  }
}

/** ES-1 to ES-6 for the basic selectors of one trail. */
export function checkEventSelectors(selectors: EventSelector[]): void {
  if (selectors.length < 1 || selectors.length > 5) {
    invalid(`A trail takes 1 to 5 event selectors; got ${selectors.length}. (ES-1)`);
  }
  let total = 0;
  for (const [i, s] of selectors.entries()) {
    if (s.ReadWriteType !== undefined && !["ReadOnly", "WriteOnly", "All"].includes(s.ReadWriteType)) {
      invalid(
        `EventSelectors[${i}].ReadWriteType ${s.ReadWriteType} is not ReadOnly, WriteOnly or All. (ES-5)`,
      );
    }
    for (const source of s.ExcludeManagementEventSources ?? []) {
      if (!["kms.amazonaws.com", "rdsdata.amazonaws.com"].includes(source)) {
        invalid(
          `ExcludeManagementEventSources accepts kms.amazonaws.com or rdsdata.amazonaws.com, not ${source}. (ES-6)`,
        );
      }
    }
    for (const dr of s.DataResources ?? []) {
      const type = dr.Type ?? "";
      if (!["AWS::S3::Object", "AWS::Lambda::Function", "AWS::DynamoDB::Table"].includes(type)) {
        invalid(`DataResource type ${type} is not supported by basic event selectors. (ES-3)`);
      }
      for (const value of dr.Values ?? []) {
        total++;
        if (!basicValueMatches(type, value))
          invalid(`Value ${value} is not valid for DataResource type ${type}. (ES-4)`);
      }
    }
  }
  if (total > 250) invalid(`A trail takes at most 250 data resource values; got ${total}. (ES-2)`);
}

function basicValueMatches(type: string, value: string): boolean {
  switch (type) {
    case "AWS::S3::Object":
      return (
        // All buckets, in the short form and the older `arn:aws:s3:::` the API reference uses.
        new RegExp(`^${P}:s3(:::)?$`).test(value) ||
        new RegExp(`^${P}:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.*$`).test(value)
      );
    case "AWS::Lambda::Function":
      return new RegExp(`^${P}:lambda$`).test(value) || ARN_FORMATS["AWS::Lambda::Function"].test(value);
    default:
      return new RegExp(`^${P}:dynamodb$`).test(value) || ARN_FORMATS["AWS::DynamoDB::Table"].test(value);
  }
}

type Category = "Management" | "Data" | "NetworkActivity" | string;

/** Fields each event category allows (AES-3, AES-7, AES-8). */
const FIELDS_BY_CATEGORY: Record<string, string[]> = {
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
  // Event data stores only (EDS-13): these categories are selected by eventCategory alone.
  ConfigurationItem: ["eventCategory"],
  ActivityAuditLog: ["eventCategory"],
  Insight: ["eventCategory"],
};

/**
 * AES-1 to AES-9 and AES-11 for the advanced selectors of a trail (or an event data store, with
 * its wider category list).
 */
export function checkAdvancedEventSelectors(
  selectors: AdvancedEventSelector[],
  options: { categories: string[]; resourceTypes: string[]; maxSelectors?: number; maxValues?: number },
): void {
  if (selectors.length < 1) invalid("AdvancedEventSelectors must not be empty. (AES-1)");
  if (options.maxSelectors !== undefined && selectors.length > options.maxSelectors) {
    invalid(
      `At most ${options.maxSelectors} advanced event selectors are allowed; got ${selectors.length}. (AES-10)`,
    );
  }
  let total = 0;
  for (const [i, selector] of selectors.entries()) {
    const where = `AdvancedEventSelectors[${i}]`;
    if (selector.Name !== undefined && selector.Name.length > 1000) {
      invalid(`${where}.Name is longer than 1000 characters. (AES-1)`);
    }
    if (!selector.FieldSelectors || selector.FieldSelectors.length === 0) {
      invalid(`${where}.FieldSelectors must not be empty. (AES-1)`);
    }
    const byField = new Map<string, FieldSelector>();
    for (const fs of selector.FieldSelectors) {
      if (byField.has(fs.Field)) invalid(`${where} has field ${fs.Field} more than once. (AES-1)`);
      byField.set(fs.Field, fs);
      let operators = 0;
      for (const op of OPERATORS) {
        const values = fs[op];
        if (values === undefined) continue;
        if (values.length === 0)
          invalid(`${where} field ${fs.Field}: ${op} must not be an empty list. (AES-2)`);
        operators++;
        for (const v of values) {
          total++;
          if (v.length < 1 || v.length > 2048)
            invalid(`${where} field ${fs.Field}: values must be 1 to 2048 characters. (AES-2)`);
          if (v.includes("*"))
            invalid(
              `${where} field ${fs.Field}: value ${v} has a * wildcard; use StartsWith or EndsWith. (AES-11)`,
            );
        }
      }
      if (operators === 0) invalid(`${where} field ${fs.Field} has no operator. (AES-2)`);
    }
    const category = checkCategory(where, byField.get("eventCategory"), options.categories);
    const allowed = FIELDS_BY_CATEGORY[category];
    for (const fs of selector.FieldSelectors) {
      if (allowed && !allowed.includes(fs.Field)) {
        invalid(`${where}: field ${fs.Field} is not supported for ${category} events. (AES-3)`);
      }
      checkField(where, category, fs, byField, options.resourceTypes);
    }
    if (category === "Data" && !byField.has("resources.type")) {
      invalid(`${where}: resources.type is required for Data events. (AES-5)`);
    }
    if (category === "NetworkActivity" && !byField.has("eventSource")) {
      invalid(`${where}: eventSource is required for NetworkActivity events. (AES-7)`);
    }
  }
  const max = options.maxValues ?? 500;
  if (total > max)
    invalid(`Advanced event selectors may have at most ${max} values in all; got ${total}. (AES-9)`);
}

function onlyEquals(fs: FieldSelector): string[] | undefined {
  const others = OPERATORS.filter((op) => op !== "Equals" && fs[op] !== undefined);
  return others.length === 0 ? fs.Equals : undefined;
}

function checkCategory(where: string, fs: FieldSelector | undefined, categories: string[]): Category {
  if (!fs) return invalid(`${where}: eventCategory is required. (AES-3)`);
  const values = onlyEquals(fs);
  if (!values || values.length !== 1)
    return invalid(`${where}: eventCategory takes Equals with exactly one value. (AES-3)`);
  if (!categories.includes(values[0])) {
    return invalid(`${where}: eventCategory ${values[0]} is not one of ${categories.join(", ")}. (AES-3)`);
  }
  return values[0];
}

function checkField(
  where: string,
  category: Category,
  fs: FieldSelector,
  byField: Map<string, FieldSelector>,
  resourceTypes: string[],
): void {
  switch (fs.Field) {
    case "readOnly": {
      const values = onlyEquals(fs);
      if (!values || values.length !== 1 || !["true", "false"].includes(values[0])) {
        invalid(`${where}: readOnly takes Equals with "true" or "false". (AES-4)`);
      }
      return;
    }
    case "resources.type": {
      const values = onlyEquals(fs);
      if (!values || values.length !== 1)
        invalid(`${where}: resources.type takes Equals with exactly one value. (AES-5)`);
      if (!resourceTypes.includes(values![0]))
        invalid(`${where}: resources.type ${values![0]} is not supported. (AES-5)`);
      return;
    }
    case "resources.ARN": {
      const type = byField.get("resources.type")?.Equals?.[0];
      const format = type ? ARN_FORMATS[type] : undefined;
      for (const op of ["Equals", "NotEquals"] as Operator[]) {
        for (const v of fs[op] ?? []) {
          if (format && !format.test(v))
            invalid(`${where}: resources.ARN ${v} is not a valid ${type} ARN. (AES-6)`);
        }
      }
      return;
    }
    case "eventSource": {
      if (category === "Management") {
        const others = OPERATORS.filter((op) => op !== "NotEquals" && fs[op] !== undefined);
        const ok =
          others.length === 0 &&
          (fs.NotEquals ?? []).every((v) => ["kms.amazonaws.com", "rdsdata.amazonaws.com"].includes(v));
        if (!ok)
          invalid(
            `${where}: eventSource for management events takes NotEquals kms.amazonaws.com or rdsdata.amazonaws.com only. (AES-7)`,
          );
      } else if (category === "NetworkActivity" && !onlyEquals(fs)) {
        invalid(`${where}: eventSource for NetworkActivity events takes Equals only. (AES-7)`);
      }
      return;
    }
    case "errorCode": {
      const values = onlyEquals(fs);
      if (!values || values.some((v) => v !== "VpceAccessDenied")) {
        invalid(`${where}: errorCode takes Equals VpceAccessDenied only. (AES-8)`);
      }
      return;
    }
    default:
      return;
  }
}

/**
 * INS-1, INS-3 to INS-6 for PutInsightSelectors: each type once, each with its event categories
 * (Management when none are given); management Insights need management events, data Insights
 * data events, and a store (`dataInsights` false) takes management Insights only.
 */
export function checkInsightSelectors(
  selectors: InsightSelector[],
  logs: Logging,
  dataInsights = true,
): void {
  const seen = new Set<string>();
  const fail400 = (m: string): never => fail("InvalidInsightSelectorsException", m);
  for (const s of selectors) {
    const type = s.InsightType ?? "";
    if (!["ApiCallRateInsight", "ApiErrorRateInsight"].includes(type)) {
      fail400(`InsightType ${type} is not ApiCallRateInsight or ApiErrorRateInsight. (INS-1)`);
    }
    if (seen.has(type)) fail400(`InsightType ${type} is given more than once. (INS-1)`);
    seen.add(type);
    const categories = insightCategories(s);
    if (categories.length === 0 || new Set(categories).size !== categories.length)
      fail400(`EventCategories of ${type} takes Management and/or Data, each once. (INS-4)`);
    for (const c of categories) {
      if (c !== "Management" && c !== "Data")
        fail400(`EventCategories of ${type}: ${c} is not Management or Data. (INS-4)`);
    }
    if (categories.includes("Data")) {
      if (!dataInsights)
        fail400(
          `Insights on data events are not supported on event data stores; ${type} takes Management only. (INS-6)`,
        );
      if (!logs.data)
        fail400(`${type} on data events needs the trail to log read or write data events. (INS-5)`);
    }
    if (!categories.includes("Management")) continue;
    if (type === "ApiCallRateInsight" && !logs.managementWrite) {
      fail400("ApiCallRateInsight needs the trail to log write management events. (INS-3)");
    }
    if (type === "ApiErrorRateInsight" && !logs.managementRead && !logs.managementWrite) {
      fail400("ApiErrorRateInsight needs the trail to log management events. (INS-3)");
    }
  }
}

/** An Insights selector's event categories: Management when it names none (INS-4). */
export function insightCategories(s: InsightSelector): string[] {
  return s.EventCategories ?? ["Management"];
}

/** What a trail's selectors log, for INS-3, INS-5 and AGG-3: management reads and writes, and any data events. */
export function logging(
  basic: EventSelector[] | undefined,
  advanced: AdvancedEventSelector[] | undefined,
): Logging {
  let managementRead = false;
  let managementWrite = false;
  let data = false;
  for (const s of basic ?? []) {
    if ((s.DataResources ?? []).some((d) => (d.Values ?? []).length > 0)) data = true;
    if (s.IncludeManagementEvents === false) continue;
    const rw = s.ReadWriteType ?? "All";
    if (rw !== "WriteOnly") managementRead = true;
    if (rw !== "ReadOnly") managementWrite = true;
  }
  for (const s of advanced ?? []) {
    const fields = new Map(s.FieldSelectors.map((f) => [f.Field, f]));
    const category = fields.get("eventCategory")?.Equals?.[0];
    if (category === "Data") data = true;
    if (category !== "Management") continue;
    const readOnly = fields.get("readOnly")?.Equals?.[0];
    if (readOnly !== "false") managementRead = true;
    if (readOnly !== "true") managementWrite = true;
  }
  return { managementRead, managementWrite, data };
}
