import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { crc32 } from "node:zlib";
import { S3Error } from "./errors";

/** x-amz-content-sha256 values that are not a hash of the body (S3's SigV4 documentation). */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
const STREAMING = /^STREAMING-(UNSIGNED-PAYLOAD-TRAILER|AWS4-HMAC-SHA256-PAYLOAD(-TRAILER)?)$/;

/** What signs a streaming body's chunks: the key and scope of the request's own signature. */
export type ChunkSigner = { signingKey: Buffer; amzDate: string; scope: string; seedSignature: string };

/**
 * The object's bytes from a request body, as x-amz-content-sha256 declares it: a hash the body must
 * match (XAmzContentSHA256Mismatch), UNSIGNED-PAYLOAD, or an `aws-chunked` stream (the current SDK's
 * default for bodies of unknown length, with a checksum trailer), whose chunk signatures are verified
 * when `signer` is given. Checksums sent as headers or trailers are verified (BadDigest).
 */
export function objectBytes(
  body: Buffer,
  declared: string,
  headers: Record<string, string | string[] | undefined>,
  signer: ChunkSigner | undefined,
): Buffer {
  let bytes = body;
  const checksums = new Map<string, string>();
  const streaming = STREAMING.exec(declared);
  if (streaming) {
    const decoded = decodeChunks(body, streaming[1].startsWith("AWS4") ? signer : undefined);
    bytes = decoded.data;
    for (const [name, value] of decoded.trailers) checksums.set(name, value);
    const length = headerOf(headers, "x-amz-decoded-content-length");
    if (length !== undefined && Number(length) !== bytes.length)
      throw new S3Error(
        "IncompleteBody",
        "The decoded body does not have x-amz-decoded-content-length bytes.",
      );
  } else if (declared !== UNSIGNED_PAYLOAD && sha256Hex(body) !== declared) {
    throw new S3Error(
      "XAmzContentSHA256Mismatch",
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith("x-amz-checksum-") && name !== "x-amz-checksum-type" && typeof value === "string")
      checksums.set(name, value);
  }
  const md5 = headerOf(headers, "content-md5");
  if (md5 !== undefined) checksums.set("content-md5", md5);
  for (const [name, value] of checksums) checkDigest(name, value, bytes);
  return bytes;
}

/** Decodes `aws-chunked`: `<hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n` … `0…\r\n<trailers>\r\n`. */
function decodeChunks(
  body: Buffer,
  signer: ChunkSigner | undefined,
): { data: Buffer; trailers: Map<string, string> } {
  const parts: Buffer[] = [];
  let pos = 0;
  let previous = signer?.seedSignature ?? "";
  const malformed = (): never => {
    throw new S3Error("InvalidChunkSizeError", "The aws-chunked body is malformed.");
  };
  for (;;) {
    const eol = body.indexOf("\r\n", pos);
    if (eol < 0) malformed();
    const [sizeText, ...extensions] = body.subarray(pos, eol).toString("latin1").split(";");
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) malformed();
    const size = parseInt(sizeText, 16);
    const data = body.subarray(eol + 2, eol + 2 + size);
    if (data.length !== size) malformed();
    if (signer) {
      const given = extensions
        .find((e) => e.startsWith("chunk-signature="))
        ?.slice("chunk-signature=".length);
      const stringToSign = [
        "AWS4-HMAC-SHA256-PAYLOAD",
        signer.amzDate,
        signer.scope,
        previous,
        sha256Hex(Buffer.alloc(0)),
        sha256Hex(data),
      ].join("\n");
      const expected = createHmac("sha256", signer.signingKey).update(stringToSign).digest();
      if (
        given === undefined ||
        !/^[0-9a-f]{64}$/.test(given) ||
        !timingSafeEqual(expected, Buffer.from(given, "hex"))
      )
        throw new S3Error(
          "SignatureDoesNotMatch",
          "The chunk signature we calculated does not match the signature you provided.",
          403,
        );
      previous = given;
    }
    pos = eol + 2 + size;
    if (size === 0) break;
    parts.push(data);
    if (body.subarray(pos, pos + 2).toString("latin1") !== "\r\n") malformed();
    pos += 2;
  }
  const trailers = new Map<string, string>();
  for (const line of body.subarray(pos).toString("latin1").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { data: Buffer.concat(parts), trailers };
}

/** Verifies the checksums the emulator can compute; others (CRC32C, CRC64NVME) are accepted as sent. */
function checkDigest(name: string, value: string, bytes: Buffer): void {
  let expected: string | undefined;
  if (name === "x-amz-checksum-crc32") {
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(bytes));
    expected = crc.toString("base64");
  } else if (name === "x-amz-checksum-sha256") expected = createHash("sha256").update(bytes).digest("base64");
  else if (name === "x-amz-checksum-sha1") expected = createHash("sha1").update(bytes).digest("base64");
  else if (name === "content-md5") expected = createHash("md5").update(bytes).digest("base64");
  if (expected !== undefined && expected !== value)
    throw new S3Error("BadDigest", `The ${name} you specified did not match the calculated checksum.`);
}

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
