import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { TEST_CREDENTIALS } from "./emulator";

/** How a CloudTrail Data request is signed; each field departs from the default signing. */
export type DataSigning = {
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  service?: string;
};

export type AuditEvent = { id: string; eventData: string; eventDataChecksum?: string };
export type PutAuditEventsAnswer = {
  status: number;
  errorType?: string;
  body: {
    successful?: { id: string; eventID: string }[];
    failed?: { id: string; errorCode: string; errorMessage: string }[];
    message?: string;
  };
};

/**
 * Sends CloudTrail Data's PutAuditEvents as the AWS SDK would (REST-JSON, channelArn and
 * externalId in the query string, SigV4 with signing name `cloudtrail-data`), built from the SDK's
 * own signer because @aws-sdk/client-cloudtrail-data is not on the registry these machines reach.
 */
export async function putAuditEvents(
  url: string,
  input: { channelArn: string; externalId?: string; auditEvents: AuditEvent[] },
  opts: DataSigning = {},
): Promise<PutAuditEventsAnswer> {
  const query: Record<string, string> = { channelArn: input.channelArn };
  if (input.externalId !== undefined) query.externalId = input.externalId;
  return rawPutAuditEvents(url, query, JSON.stringify({ auditEvents: input.auditEvents }), opts);
}

/** Sends PutAuditEvents with this query string and body as-is (no serialisation), signed as the SDK signs. */
export async function rawPutAuditEvents(
  url: string,
  query: Record<string, string>,
  body: string,
  opts: DataSigning = {},
): Promise<PutAuditEventsAnswer> {
  const u = new URL(url);
  const signer = new SignatureV4({
    credentials: opts.credentials ?? TEST_CREDENTIALS,
    region: opts.region ?? "us-east-1",
    service: opts.service ?? "cloudtrail-data",
    sha256: Sha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: "POST",
      protocol: "http:",
      hostname: u.hostname,
      port: Number(u.port),
      path: "/PutAuditEvents",
      query,
      headers: { host: u.host, "content-type": "application/json" },
      body,
    }),
  );
  const headers = { ...(signed.headers as Record<string, string>) };
  // fetch sets Host itself and refuses one given.
  delete headers.host;
  const res = await fetch(`${url}/PutAuditEvents?${new URLSearchParams(query).toString()}`, {
    method: "POST",
    headers,
    body,
  });
  return {
    status: res.status,
    errorType: res.headers.get("x-amzn-errortype") ?? undefined,
    body: JSON.parse((await res.text()) || "{}") as PutAuditEventsAnswer["body"],
  };
}
