import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { IncomingHttpHeaders } from "node:http";
import { ServiceError } from "./errors";

/** What the Authorization header of a SigV4 request says. */
export type SignatureScope = {
  accessKeyId: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
};

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/** Reads the credential scope; an unsigned or malformed request is refused as AWS refuses it. */
export function parseAuthorization(headers: IncomingHttpHeaders): SignatureScope {
  const header = headers.authorization;
  if (!header) {
    throw new ServiceError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
  }
  const m = AUTH.exec(header);
  if (!m) {
    throw new ServiceError(
      "IncompleteSignatureException",
      `Authorization header is not a valid SigV4 header: ${header}`,
      403,
    );
  }
  return { accessKeyId: m[1], region: m[3], service: m[4], signedHeaders: m[5].split(";"), signature: m[6] };
}

/**
 * Recomputes the signature with the AWS SDK's own signer and the known secret, over exactly the
 * headers the client signed, and compares it with the one sent.
 */
export async function verifySignature(
  scope: SignatureScope,
  secretAccessKey: string,
  method: string,
  url: URL,
  headers: IncomingHttpHeaders,
  body: string,
): Promise<void> {
  const amzDate = String(headers["x-amz-date"] ?? "");
  const signingDate = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!signingDate)
    throw new ServiceError("IncompleteSignatureException", "X-Amz-Date is missing or malformed.", 403);
  const [, y, mo, d, h, mi, s] = signingDate;
  const signed: Record<string, string> = {};
  for (const name of scope.signedHeaders) {
    const value = headers[name];
    if (value !== undefined) signed[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length === 1 ? all[0] : all;
  }
  const request = new HttpRequest({
    method,
    protocol: "http:",
    hostname: url.hostname,
    path: url.pathname,
    query,
    headers: signed,
    body,
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: scope.accessKeyId, secretAccessKey },
    region: scope.region,
    service: scope.service,
    sha256: Sha256,
  });
  const result = await signer.sign(request, {
    signingDate: new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s)),
    signingRegion: scope.region,
    signingService: scope.service,
  });
  const expected = /Signature=([0-9a-f]{64})/.exec(String(result.headers.authorization))?.[1];
  if (expected !== scope.signature) {
    throw new ServiceError(
      "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
      403,
    );
  }
}
