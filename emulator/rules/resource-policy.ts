/**
 * Evaluates a resource policy (a channel's, an event data store's, later a dashboard's) for one
 * request, following AWS's documented evaluation logic for a single resource-based policy:
 * an explicit Deny of a matching statement wins; otherwise a matching Allow allows; otherwise the
 * request is implicitly denied. A statement matches when its principal, action, resource and every
 * condition match.
 *
 * Written here rather than taken from npm: the one full IAM simulator there
 * (@cloud-copilot/iam-simulate) is AGPL-3.0 and pulls a multi-megabyte action database, and the
 * small evaluators (pbac) are unmaintained and match principals as plain strings.
 */

/** Who asks, for what, on which resource, with which context keys (names compared case-insensitively). */
export type PolicyRequest = {
  /** The caller's 12-digit account id. */
  account: string;
  /** The caller's principal ARN (`arn:aws:iam::<account>:user/<name>`). */
  principalArn: string;
  /** The IAM action, `service:Operation` (e.g. `cloudtrail-data:PutAuditEvents`). */
  action: string;
  /** The ARN of the resource the policy is attached to. */
  resource: string;
  /** Condition keys and their values; a key that is absent is not in the request. */
  context?: Record<string, string | undefined>;
};

/** ExplicitDeny: a Deny statement matched. Allow: an Allow matched and no Deny. ImplicitDeny: nothing matched. */
export type PolicyDecision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

type Statement = {
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
};

/** The statements of a policy document (one statement or a list); a document that is not JSON has none. */
export function policyStatements(policy: string | undefined): Statement[] {
  if (!policy) return [];
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    return [];
  }
  const s = (doc as { Statement?: unknown } | null)?.Statement;
  const list = Array.isArray(s) ? s : s ? [s] : [];
  return list.filter((x): x is Statement => typeof x === "object" && x !== null && !Array.isArray(x));
}

/** Evaluates every statement of `policy` for `request`: explicit Deny wins, then Allow, else ImplicitDeny. */
export function evaluatePolicy(policy: string | undefined, request: PolicyRequest): PolicyDecision {
  let allowed = false;
  for (const s of policyStatements(policy)) {
    if (!statementMatches(s, request)) continue;
    if (s.Effect === "Deny") return "ExplicitDeny";
    if (s.Effect === "Allow") allowed = true;
  }
  return allowed ? "Allow" : "ImplicitDeny";
}

/**
 * Whether the policy sets conditions on the action (Allow statements for it that carry a Condition)
 * and the request meets none of them, whoever those statements name. A channel's owner is held to
 * them: CloudTrail requires the external ID a channel's policy includes of every caller.
 */
export function unmetAllowConditions(policy: string | undefined, request: PolicyRequest): boolean {
  const conditional = policyStatements(policy).filter(
    (s) =>
      s.Effect === "Allow" &&
      s.Condition !== undefined &&
      actionMatches(s, request.action) &&
      resourceMatches(s, request.resource),
  );
  return (
    conditional.length > 0 && !conditional.some((s) => conditionsMatch(s.Condition, request.context ?? {}))
  );
}

function statementMatches(s: Statement, r: PolicyRequest): boolean {
  return (
    principalMatches(s, r) &&
    actionMatches(s, r.action) &&
    resourceMatches(s, r.resource) &&
    conditionsMatch(s.Condition, r.context ?? {})
  );
}

function asList(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** `*` and `?` as IAM reads them in actions and resources; everything else literal. */
function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}

const ACCOUNT_ID = /^\d{12}$/;
/** An IAM principal ARN: partition, 12-digit account, and `root` or a user/role path. */
const PRINCIPAL_ARN =
  /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):(root|(?:user|role|assumed-role|federated-user)\/.+)$/;

/**
 * `"*"` or `{"AWS": "*"}` names everyone; a 12-digit account id or `arn:...:iam::<id>:root`
 * names every principal of that account; any other IAM ARN names exactly that principal. Anything
 * else (a service principal, a malformed ARN or id) names nobody this emulator signs requests as.
 */
function principalMatches(s: Statement, r: PolicyRequest): boolean {
  if (s.Principal !== undefined) return namesCaller(s.Principal, r);
  if (s.NotPrincipal !== undefined) return !namesCaller(s.NotPrincipal, r);
  return false;
}

function namesCaller(principal: unknown, r: PolicyRequest): boolean {
  if (principal === "*") return true;
  if (typeof principal !== "object" || principal === null) return false;
  const aws = (principal as Record<string, unknown>).AWS;
  return asList(aws).some((p) => {
    if (typeof p !== "string") return false;
    if (p === "*") return true;
    if (ACCOUNT_ID.test(p)) return p === r.account;
    const m = PRINCIPAL_ARN.exec(p);
    if (!m) return false;
    return m[2] === "root" ? m[1] === r.account : p === r.principalArn;
  });
}

/** actions compare case-insensitively, with `*` and `?` wildcards; NotAction inverts. */
function actionMatches(s: Statement, action: string): boolean {
  const matches = (list: unknown) =>
    asList(list).some((a) => typeof a === "string" && wildcard(a, action, true));
  if (s.Action !== undefined) return matches(s.Action);
  if (s.NotAction !== undefined) return !matches(s.NotAction);
  return false;
}

/** resources compare case-sensitively with wildcards; a statement without one means this resource. */
function resourceMatches(s: Statement, resource: string): boolean {
  const matches = (list: unknown) =>
    asList(list).some((a) => typeof a === "string" && wildcard(a, resource, false));
  if (s.Resource !== undefined) return matches(s.Resource);
  if (s.NotResource !== undefined) return !matches(s.NotResource);
  return true;
}

type Compare = (expected: string, actual: string) => boolean;

const COMPARATORS: Record<string, { compare: Compare; negated: boolean }> = {
  stringequals: { compare: (e, a) => e === a, negated: false },
  stringnotequals: { compare: (e, a) => e === a, negated: true },
  stringequalsignorecase: { compare: (e, a) => e.toLowerCase() === a.toLowerCase(), negated: false },
  stringnotequalsignorecase: { compare: (e, a) => e.toLowerCase() === a.toLowerCase(), negated: true },
  stringlike: { compare: (e, a) => wildcard(e, a, false), negated: false },
  stringnotlike: { compare: (e, a) => wildcard(e, a, false), negated: true },
  arnequals: { compare: (e, a) => e === a, negated: false },
  arnnotequals: { compare: (e, a) => e === a, negated: true },
  arnlike: { compare: (e, a) => wildcard(e, a, false), negated: false },
  arnnotlike: { compare: (e, a) => wildcard(e, a, false), negated: true },
  bool: { compare: (e, a) => e.toLowerCase() === a.toLowerCase(), negated: false },
};

/**
 * every operator block and every key in it must match (AND); the values listed for one key
 * are alternatives (OR). Keys compare case-insensitively. A key the request lacks fails a positive
 * operator and passes a negated one; `...IfExists` passes when the key is absent; `Null` tests
 * absence. An operator this evaluator does not know never matches.
 */
function conditionsMatch(condition: unknown, context: Record<string, string | undefined>): boolean {
  if (condition === undefined) return true;
  if (typeof condition !== "object" || condition === null) return false;
  const values = new Map(
    Object.entries(context)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k.toLowerCase(), v as string]),
  );
  return Object.entries(condition).every(([operator, block]) => {
    if (typeof block !== "object" || block === null) return false;
    const op = operator.toLowerCase();
    return Object.entries(block).every(([key, expected]) => {
      const actual = values.get(key.toLowerCase());
      const wanted = asList(expected).map(String);
      if (op === "null") return wanted.some((w) => (w.toLowerCase() === "true") === (actual === undefined));
      const ifExists = op.endsWith("ifexists");
      const comparator = COMPARATORS[ifExists ? op.slice(0, -"ifexists".length) : op];
      if (!comparator) return false;
      if (actual === undefined) return ifExists || comparator.negated;
      const any = wanted.some((w) => comparator.compare(w, actual));
      return comparator.negated ? !any : any;
    });
  });
}
