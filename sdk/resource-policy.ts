/** One statement of a resource-based policy on an event data store or a channel. */
export interface ResourcePolicyStatement {
  /** The statement's id. @default none */
  Sid?: string;
  /** `Allow` or `Deny` (check refuses anything else). */
  Effect: string;
  /** Who: an account, role or service, e.g. `{ AWS: "arn:aws:iam::111122223333:root" }`. */
  Principal: string | Record<string, string | string[]>;
  /** The CloudTrail actions, e.g. `cloudtrail-data:PutAuditEvents` or `cloudtrail:StartQuery`. */
  Action: string | string[];
  /** The resource's own ARN. @default none */
  Resource?: string | string[];
  /** Conditions, e.g. `{ StringEquals: { "cloudtrail:ExternalId": "..." } }`. @default none */
  Condition?: Record<string, Record<string, string | string[]>>;
}

/**
 * A resource-based policy document (PutResourcePolicy) as an object. A resource's
 * `resourcePolicy` also takes the document's JSON text; either way it is compared as JSON, so key
 * order and spacing never show a change.
 */
export interface ResourcePolicyDocument {
  /** The policy language version. @default none (give "2012-10-17") */
  Version?: string;
  /** The policy's id. @default none */
  Id?: string;
  /** One statement or a list of them; each needs an Effect and a Principal. */
  Statement: ResourcePolicyStatement | ResourcePolicyStatement[];
}
