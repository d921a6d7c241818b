import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { isKnownRegion } from "./context";
import { ServiceError } from "./errors";

/** What the Authorization header of a SigV4 request says. */
export type SignatureScope = {
  accessKeyId: string;
  /** The credential scope's date, YYYYMMDD. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
};

/** A request as it arrived, in the form SigV4 canonicalises. */
export type ReceivedRequest = {
  method: string;
  /** The request target's path, exactly as sent (still percent-encoded). */
  rawPath: string;
  /** The request target's query string without `?`, exactly as sent. */
  rawQuery: string;
  /** Node's `rawHeaders`: names and values alternating, duplicates kept. */
  rawHeaders: string[];
  body: Buffer;
};

/**
 * The error codes and HTTP statuses a protocol answers signature refusals with. For CloudTrail's
 * AWS JSON 1.1 front end: MissingAuthenticationToken is 403 (AWS Common Errors, e.g.
 * https://docs.aws.amazon.com/cloudsearch/latest/developerguide/CommonErrors.html); IncompleteSignature
 * is 400 on AWS JSON 1.1 services (https://docs.aws.amazon.com/emr/latest/APIReference/CommonErrors.html);
 * InvalidSignatureException is answered 400 both for a signature that does not match (ECS, JSON 1.1:
 * github.com/teralytics/prometheus-ecs-discovery/issues/7) and for "Signature expired … - 15 min."
 * (github.com/aws/aws-sdk-js/issues/254); UnrecognizedClientException ("The security token included in
 * the request is invalid.") is 400 on ECS's JSON 1.1 front end (github.com/aws-azure-login/aws-azure-login/issues/37),
 * where REST-JSON services such as Lambda answer it 403 (github.com/iann0036/iamlive/issues/58).
 */
export type AuthErrors = {
  missing: { code: string; status: number };
  incomplete: { code: string; status: number };
  invalid: { code: string; status: number };
  unrecognized: { code: string; status: number };
};

export const JSON_RPC_AUTH_ERRORS: AuthErrors = {
  missing: { code: "MissingAuthenticationTokenException", status: 403 },
  incomplete: { code: "IncompleteSignatureException", status: 400 },
  invalid: { code: "InvalidSignatureException", status: 400 },
  unrecognized: { code: "UnrecognizedClientException", status: 400 },
};

/** CloudTrail Data (REST-JSON) answers every refused signature 403, as REST-JSON services such as Lambda do. */
export const REST_JSON_AUTH_ERRORS: AuthErrors = {
  missing: { code: "MissingAuthenticationTokenException", status: 403 },
  incomplete: { code: "IncompleteSignatureException", status: 403 },
  invalid: { code: "InvalidSignatureException", status: 403 },
  unrecognized: { code: "UnrecognizedClientException", status: 403 },
};

/** SIG-2: how far X-Amz-Date may be from the real clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const refuse = (kind: { code: string; status: number }, message: string): never => {
  throw new ServiceError(kind.code, message, kind.status);
};

/** Reads the credential scope; an unsigned or malformed request is refused as AWS refuses it. */
export function parseAuthorization(header: string | undefined, errors: AuthErrors): SignatureScope {
  if (!header) return refuse(errors.missing, "Missing Authentication Token");
  const [algorithm, ...rest] = header.trim().split(/\s+/);
  if (algorithm !== "AWS4-HMAC-SHA256") {
    return refuse(errors.incomplete, `Unsupported AWS 'algorithm': '${algorithm}'. Use AWS4-HMAC-SHA256.`);
  }
  const parts = new Map<string, string>();
  for (const part of rest.join("").split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) parts.set(part.slice(0, eq), part.slice(eq + 1));
  }
  for (const required of ["Credential", "SignedHeaders", "Signature"]) {
    if (!parts.get(required)) {
      refuse(
        errors.incomplete,
        `Authorization header requires '${required}' parameter. Authorization=${header.slice(0, 200)}`,
      );
    }
  }
  const credential = (parts.get("Credential") as string).split("/");
  if (credential.length !== 5 || credential[4] !== "aws4_request" || !/^\d{8}$/.test(credential[1])) {
    refuse(
      errors.incomplete,
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/aws4_request, got '${parts.get("Credential")}'.`,
    );
  }
  const signature = parts.get("Signature") as string;
  if (!/^[0-9a-f]{64}$/.test(signature)) refuse(errors.incomplete, "Signature must be 64 hex characters.");
  const [accessKeyId, date, region, service] = credential;
  return {
    accessKeyId,
    date,
    region,
    service,
    signedHeaders: (parts.get("SignedHeaders") as string).split(";"),
    signature,
  };
}

/**
 * SIG-1 and SIG-2, the checks that need no secret: `host` and `x-amz-date` are signed, the scope's
 * date is the request's date, region and service are the ones served, and X-Amz-Date is within 15
 * minutes of the real clock (not the emulated one tests advance). Returns X-Amz-Date.
 */
export function checkScope(
  scope: SignatureScope,
  amzDateHeader: string | undefined,
  expected: { service: string; nowMs: number },
  errors: AuthErrors,
): string {
  if (!scope.signedHeaders.includes("host")) {
    refuse(errors.incomplete, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const amzDate = amzDateHeader ?? "";
  const parsed = AMZ_DATE.exec(amzDate);
  if (!parsed || !scope.signedHeaders.includes("x-amz-date")) {
    refuse(
      errors.incomplete,
      "Authorization header requires existence of a signed 'X-Amz-Date' header in ISO 8601 basic format.",
    );
  }
  if (scope.date !== amzDate.slice(0, 8)) {
    refuse(
      errors.invalid,
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scope.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  }
  if (!isKnownRegion(scope.region)) {
    refuse(errors.invalid, `Credential should be scoped to a valid region, not '${scope.region}'.`);
  }
  if (scope.service !== expected.service) {
    refuse(errors.invalid, `Credential should be scoped to correct service: '${expected.service}'.`);
  }
  const [, y, mo, d, h, mi, s] = parsed as RegExpExecArray;
  const signedAt = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, "");
  if (signedAt < expected.nowMs - MAX_SKEW_MS) {
    refuse(
      errors.invalid,
      `Signature expired: ${amzDate} is now earlier than ${stamp(expected.nowMs - MAX_SKEW_MS)} (${stamp(expected.nowMs)} - 15 min.)`,
    );
  }
  if (signedAt > expected.nowMs + MAX_SKEW_MS) {
    refuse(
      errors.invalid,
      `Signature not yet current: ${amzDate} is still later than ${stamp(expected.nowMs + MAX_SKEW_MS)} (${stamp(expected.nowMs)} + 15 min.)`,
    );
  }
  return amzDate;
}

/**
 * Recomputes the signature with the known secret over the canonical request built from what was
 * received: exactly the headers named in SignedHeaders (whatever the client chose to sign: botocore
 * signs no `x-amz-content-sha256`, the JavaScript SDK does not sign `user-agent`), and the SHA-256 of
 * the body actually received, never a hash the client claims in a header. The SDK's signer cannot do
 * this: it picks the headers to sign itself and takes the payload hash from `x-amz-content-sha256`.
 */
export function verifySignature(
  scope: SignatureScope,
  amzDate: string,
  secretAccessKey: string,
  request: ReceivedRequest,
  errors: AuthErrors,
  s3PayloadHash?: string,
): void {
  const canonical = [
    request.method,
    // S3 signs the path as sent, neither normalised nor encoded again; and the payload as
    // x-amz-content-sha256 declares it (the S3 endpoint checks the body against it).
    s3PayloadHash === undefined ? canonicalPath(request.rawPath) : request.rawPath,
    canonicalQuery(request.rawQuery),
    canonicalHeaders(scope.signedHeaders, request.rawHeaders),
    scope.signedHeaders.join(";"),
    s3PayloadHash ?? sha256Hex(request.body),
  ].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, credentialScope(scope), sha256Hex(canonical)].join("\n");
  const expected = hmac(signingKey(scope, secretAccessKey), stringToSign);
  if (!timingSafeEqual(expected, Buffer.from(scope.signature, "hex"))) {
    refuse(
      errors.invalid,
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  }
}

/** `date/region/service/aws4_request`. */
export function credentialScope(scope: SignatureScope): string {
  return `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
}

/** The SigV4 signing key of a scope (also what signs an S3 streaming body's chunks). */
export function signingKey(scope: SignatureScope, secretAccessKey: string): Buffer {
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, scope.date);
  for (const part of [scope.region, scope.service, "aws4_request"]) key = hmac(key, part);
  return key;
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** RFC 3986 encoding as SigV4 prescribes: only unreserved characters stay as they are. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Non-S3 services: the normalised path as sent, encoded once more (each segment). */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith("/") ? "/" : "";
  return `/${segments.map(uriEncode).join("/")}${trailing}`;
}

function canonicalQuery(rawQuery: string): string {
  if (rawQuery === "") return "";
  return rawQuery
    .split("&")
    .filter((pair) => pair !== "")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? "" : pair.slice(eq + 1);
      return [uriEncode(safeDecode(name)), uriEncode(safeDecode(value))] as const;
    })
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

function canonicalHeaders(signedHeaders: string[], rawHeaders: string[]): string {
  const values = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    const list = values.get(name) ?? [];
    list.push(rawHeaders[i + 1].trim().replace(/\s+/g, " "));
    values.set(name, list);
  }
  return signedHeaders.map((name) => `${name}:${(values.get(name) ?? []).join(",")}\n`).join("");
}
