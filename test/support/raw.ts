import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { TEST_CREDENTIALS } from "./emulator";

/** Sends a request body as-is (no SDK serialisation), signed with SigV4 unless `sign` is false. */
export async function rawCall(
  url: string,
  target: string,
  body: string,
  opts: { sign?: boolean; region?: string; secretAccessKey?: string } = {},
): Promise<{ status: number; body: { __type?: string; message?: string } }> {
  const u = new URL(url);
  let headers: Record<string, string> = {
    host: u.host,
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": target,
  };
  if (opts.sign !== false) {
    const signer = new SignatureV4({
      credentials: {
        ...TEST_CREDENTIALS,
        secretAccessKey: opts.secretAccessKey ?? TEST_CREDENTIALS.secretAccessKey,
      },
      region: opts.region ?? "us-east-1",
      service: "cloudtrail",
      sha256: Sha256,
    });
    const signed = await signer.sign(
      new HttpRequest({
        method: "POST",
        protocol: "http:",
        hostname: u.hostname,
        port: Number(u.port),
        path: "/",
        headers,
        body,
      }),
    );
    headers = signed.headers as Record<string, string>;
  }
  // fetch sets Host itself and refuses one given.
  delete headers.host;
  const res = await fetch(`${url}/`, { method: "POST", headers, body });
  return { status: res.status, body: (await res.json()) as { __type?: string; message?: string } };
}
