import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { connect } from "node:net";
import { TEST_CREDENTIALS } from "./emulator";

/** How a raw call signs its request; every field departs from a correct signature in one way. */
export type SigningOptions = {
  /** false sends no Authorization at all. @default true */
  sign?: boolean;
  region?: string;
  service?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  signingDate?: Date;
  /**
   * Whether the signer adds and signs `x-amz-content-sha256`, as the SDK's signer does by default;
   * false signs as botocore (boto3, the AWS CLI) does, without it. @default true
   */
  applyChecksum?: boolean;
  /** Headers left out of SignedHeaders (e.g. host, x-amz-date). */
  unsignableHeaders?: string[];
  /** Sends this body instead of the one signed. */
  sendBody?: string;
};

/** Sends a request body as-is (no SDK serialisation), signed with SigV4 unless `sign` is false. */
export async function rawCall(
  url: string,
  target: string,
  body: string,
  opts: SigningOptions = {},
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
        accessKeyId: opts.accessKeyId ?? TEST_CREDENTIALS.accessKeyId,
        secretAccessKey: opts.secretAccessKey ?? TEST_CREDENTIALS.secretAccessKey,
      },
      region: opts.region ?? "us-east-1",
      service: opts.service ?? "cloudtrail",
      sha256: Sha256,
      applyChecksum: opts.applyChecksum ?? true,
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
      {
        signingDate: opts.signingDate,
        unsignableHeaders: opts.unsignableHeaders ? new Set(opts.unsignableHeaders) : undefined,
      },
    );
    headers = signed.headers as Record<string, string>;
  }
  // fetch sets Host itself and refuses one given.
  delete headers.host;
  const res = await fetch(`${url}/`, { method: "POST", headers, body: opts.sendBody ?? body });
  return { status: res.status, body: (await res.json()) as { __type?: string; message?: string } };
}

/**
 * Writes bytes to the emulator's port as they are (for what no HTTP client sends) and reads the
 * answer until the server closes or `waitMs` passes. `status` is absent when nothing was answered.
 */
export function rawHttp(
  port: number,
  request: string,
  waitMs = 3000,
): Promise<{ status?: number; text: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({ status: status ? Number(status) : undefined, text });
    };
    const timer = setTimeout(done, waitMs);
    socket.on("data", (d: Buffer) => {
      text += d.toString("latin1");
      // One complete answer is enough: headers and a body of the length they announce.
      const head = text.indexOf("\r\n\r\n");
      const length = /content-length: (\d+)/i.exec(text)?.[1];
      if (head >= 0 && length !== undefined && text.length >= head + 4 + Number(length)) done();
    });
    socket.on("error", done);
    socket.on("close", done);
    socket.write(request);
  });
}
