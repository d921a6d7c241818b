/**
 * Lake's event schemas as DuckDB types, one per store category. Events arrive as the JS objects
 * the emulator stores; a table is built by parsing each event's JSON with DuckDB's `from_json`
 * against the structure below, so missing members become NULL and the types are DuckDB's own.
 * Names keep CloudTrail's spelling; DuckDB binds column and struct field names case-insensitively,
 * as Trino does (`useridentity.ARN` finds `userIdentity.arn`).
 */

/** What kind of events a store holds; each kind has its own schema. */
export type LakeTableKind = "cloudtrail" | "channel" | "insight" | "config";

/** A JSON structure for `from_json`: a DuckDB type name, an object of members, or a one-item list. */
type Structure = string | { readonly [member: string]: Structure } | readonly [Structure];

const STRING = "VARCHAR";
const TIMESTAMP = "TIMESTAMP";
const BOOLEAN = "BOOLEAN";
/** Lake presents free-form objects as maps of strings; nested values become JSON text. */
const STRING_MAP = "MAP(VARCHAR, VARCHAR)";
/** Kept as JSON so that nested members stay reachable with json_extract. */
const JSON_TEXT = "JSON";

const sessionIssuer = { type: STRING, principalId: STRING, arn: STRING, accountId: STRING, userName: STRING };

const userIdentity = {
  type: STRING,
  principalId: STRING,
  arn: STRING,
  accountId: STRING,
  accessKeyId: STRING,
  userName: STRING,
  sessionContext: {
    attributes: { creationDate: TIMESTAMP, mfaAuthenticated: STRING },
    sessionIssuer,
    webIdFederationData: { federatedProvider: STRING, attributes: STRING_MAP },
    sourceIdentity: STRING,
    ec2RoleDelivery: STRING,
    ec2IssuedInVPC: STRING,
  },
  invokedBy: STRING,
  identityProvider: STRING,
  onBehalfOf: { userId: STRING, identityStoreArn: STRING },
};

const insightDetails = {
  state: STRING,
  eventSource: STRING,
  eventName: STRING,
  insightType: STRING,
  errorCode: STRING,
  insightContext: JSON_TEXT,
};

const addendum = {
  reason: STRING,
  updatedFields: STRING,
  originalRequestID: STRING,
  originalEventID: STRING,
};

/** CloudTrail management, data and network activity events (also the Insights store's base). */
const cloudtrailEvent = {
  eventVersion: STRING,
  userIdentity,
  eventTime: TIMESTAMP,
  eventSource: STRING,
  eventName: STRING,
  awsRegion: STRING,
  sourceIPAddress: STRING,
  userAgent: STRING,
  errorCode: STRING,
  errorMessage: STRING,
  requestParameters: STRING_MAP,
  responseElements: STRING_MAP,
  additionalEventData: STRING_MAP,
  requestID: STRING,
  eventID: STRING,
  readOnly: BOOLEAN,
  resources: [{ accountId: STRING, type: STRING, ARN: STRING, ARNPrefix: STRING }],
  eventType: STRING,
  apiVersion: STRING,
  managementEvent: BOOLEAN,
  recipientAccountId: STRING,
  sharedEventID: STRING,
  annotation: STRING,
  vpcEndpointId: STRING,
  vpcEndpointAccountId: STRING,
  serviceEventDetails: STRING_MAP,
  addendum,
  edgeDeviceDetails: STRING_MAP,
  insightDetails,
  eventCategory: STRING,
  tlsDetails: { tlsVersion: STRING, cipherSuite: STRING, clientProvidedHostHeader: STRING },
  sessionCredentialFromConsole: STRING,
} as const;

/** The fields CloudTrail adds around events it did not record itself (channels, Config items). */
const envelope = {
  eventVersion: STRING,
  eventCategory: STRING,
  eventType: STRING,
  eventID: STRING,
  eventTime: TIMESTAMP,
  awsRegion: STRING,
  recipientAccountId: STRING,
  addendum,
};

/** Events from a channel (PutAuditEvents): the caller's eventData plus CloudTrail's metadata. */
const channelEvent = {
  ...envelope,
  eventData: {
    version: STRING,
    userIdentity: { type: STRING, principalId: STRING, details: STRING_MAP },
    userAgent: STRING,
    eventSource: STRING,
    eventName: STRING,
    eventTime: STRING,
    UID: STRING,
    requestParameters: STRING_MAP,
    responseElements: STRING_MAP,
    errorCode: STRING,
    errorMessage: STRING,
    sourceIPAddress: STRING,
    recipientAccountId: STRING,
    additionalEventData: STRING_MAP,
  },
  metadata: { ingestionTime: TIMESTAMP, channelARN: STRING },
} as const;

/** AWS Config configuration items. */
const configEvent = {
  ...envelope,
  eventData: {
    configurationItemVersion: STRING,
    configurationItemCaptureTime: STRING,
    configurationItemStatus: STRING,
    configurationStateId: STRING,
    accountId: STRING,
    resourceType: STRING,
    resourceId: STRING,
    resourceName: STRING,
    arn: STRING,
    awsRegion: STRING,
    availabilityZone: STRING,
    resourceCreationTime: STRING,
    configuration: JSON_TEXT,
    supplementaryConfiguration: STRING_MAP,
    relatedEvents: [STRING],
    relationships: [{ name: STRING, resourceType: STRING, resourceId: STRING, resourceName: STRING }],
    tags: STRING_MAP,
  },
} as const;

const structures: Record<LakeTableKind, Structure> = {
  cloudtrail: cloudtrailEvent,
  insight: cloudtrailEvent,
  channel: channelEvent,
  config: configEvent,
};

/**
 * Lake's extra columns, computed while loading: every store has the event's own JSON as
 * `eventJson` (sample queries read it with json_extract_scalar); a channel event takes its
 * top-level time from eventData.eventTime, and its category and type are Lake's fixed values for
 * events from outside AWS, when the stored record does not carry them.
 */
const derivedColumns: Record<LakeTableKind, Record<string, string>> = {
  cloudtrail: {},
  insight: {},
  config: {},
  channel: {
    eventCategory: "coalesce(e.eventCategory, 'ActivityAuditLog')",
    eventType: "coalesce(e.eventType, 'ActivityLog')",
    eventTime: "coalesce(e.eventTime, TRY_CAST(e.eventData.eventTime AS TIMESTAMPTZ)::TIMESTAMP)",
  },
};

/** Quotes a DuckDB identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The `from_json` structure of a kind's events, as the JSON text DuckDB expects. */
export function jsonStructure(kind: LakeTableKind): string {
  return JSON.stringify(structures[kind]);
}

/**
 * The SELECT list that turns a parsed event `e` (a STRUCT from from_json) and its JSON text `j`
 * into the table's columns, in schema order, plus eventJson last.
 */
export function tableColumns(kind: LakeTableKind): string {
  const top = structures[kind] as Record<string, Structure>;
  const derived = derivedColumns[kind];
  const columns = Object.keys(top).map(
    (name) => `${derived[name] ?? `e.${quoteIdentifier(name)}`} AS ${quoteIdentifier(name)}`,
  );
  return [...columns, `j AS "eventJson"`].join(", ");
}
